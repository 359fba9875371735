"""The board report as a PDF: the HTML report itself, printed by WeasyPrint, so both formats
share one layout and one set of words. The PDF is tagged (PDF/UA-1: a structure tree, the
document's language and title), embeds the bundled DejaVu fonts, keeps headings with what
follows, and numbers its pages; the header carries the protective marking from council.yaml.

WeasyPrint may fetch nothing but the bundled fonts: the report is built from our own template
and escaped words, and a fetcher that refuses every other address keeps it that way.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from bot.services.report_render import FONTS, ReportWords, render_html

PDF_VARIANT = "pdf/ua-1"
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}


@cache
def _fonts_css() -> str:
    faces = []
    for weight, name in (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")):
        url = (FONTS / name).as_uri()
        face = f'font-family: "DejaVu Sans"; font-weight: {weight}; src: url("{url}");'
        faces.append(f"@font-face {{ {face} }}")
    return "\n".join(faces)


def _only_our_fonts(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from weasyprint import default_url_fetcher

    if not url.startswith(FONTS.as_uri() + "/"):
        raise ValueError("the board report loads nothing from outside")
    return dict(default_url_fetcher(url, *args, **kwargs))


def render_pdf(words: ReportWords) -> bytes:
    """Slow-ish (about a second for a full report): call it off the event loop."""
    return print_pdf(lay_out(words))


def lay_out(words: ReportWords) -> Any:
    """The report laid out and paginated exactly as the PDF prints it (a WeasyPrint Document,
    whose pages hold the boxes); `print_pdf` prints it without laying it out again."""
    from weasyprint import CSS, HTML  # loaded on first use: it pulls in Pango through cffi

    document = HTML(string=render_html(words), url_fetcher=_only_our_fonts)
    fonts = CSS(string=_fonts_css(), url_fetcher=_only_our_fonts)
    return document.render(stylesheets=[fonts], **PDF_OPTIONS)


def print_pdf(laid_out: Any) -> bytes:
    pdf = laid_out.write_pdf(**PDF_OPTIONS)
    if pdf is None:  # only when a target file is given, never here
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
