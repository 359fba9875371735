"""Formatting: Telegram-free helpers for safe HTML, dates and splitting long messages."""

from __future__ import annotations

import html
import re
from datetime import date, time

from bot.content import Wording
from bot.domain import Audience

# Telegram counts message length in UTF-16 code units, not Python characters.
MAX_MESSAGE_UNITS = 4096


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (only <, > and & are special)."""
    return html.escape(text, quote=False)


def fill(wording: Wording, audience: Audience, /, **values: object) -> str:
    """The audience's wording, escaped, with its {names} filled in with escaped values."""
    template = esc(wording.for_(audience))
    return template.format(**{name: esc(str(value)) for name, value in values.items()})


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def nice_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def nice_time(at: time) -> str:
    hour = at.hour % 12 or 12
    minutes = f":{at.minute:02d}" if at.minute else ""
    return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"


_TAG = re.compile(r"<[^>]*>")


def html_to_plain(text: str) -> str:
    """What a reader sees: tags dropped, entities turned back into characters."""
    return html.unescape(_TAG.sub("", text))


def split_message(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Split into chunks of at most `limit` UTF-16 units, preferring paragraph breaks.

    The chunks joined together are exactly the original text. A cut never falls inside a
    surrogate pair, an HTML tag or an HTML entity.
    """
    chunks: list[str] = []
    rest = text
    while utf16_units(rest) > limit:
        cut = _cut_point(rest, limit)
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def _cut_point(text: str, limit: int) -> int:
    units = 0
    fits = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            fits = index
            break
    window = text[:fits]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > 0 and at + len(separator) >= limit // 4:
            return _outside_markup(window, at + len(separator))
    return _outside_markup(window, fits)


def _outside_markup(window: str, cut: int) -> int:
    """Move a cut back so it does not fall inside <tag> or &entity;."""
    head = window[:cut]
    open_tag = head.rfind("<")
    if open_tag > head.rfind(">"):
        cut = open_tag if open_tag > 0 else cut
    head = window[:cut]
    amp = head.rfind("&")
    if amp > head.rfind(";") and cut - amp <= 10 and amp > 0:
        cut = amp
    return cut
