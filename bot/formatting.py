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


# Room kept in each chunk of HTML for closing the elements open at a cut (and reopening them).
_TAG_ROOM = 200
_ELEMENT = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")


def split_message(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Split into chunks of at most `limit` UTF-16 units, preferring paragraph breaks.

    A cut never falls inside a surrogate pair, an HTML tag or an HTML entity. Without markup
    the chunks joined together are exactly the original text; with it, each chunk is valid on
    its own: an element open at a cut (a quote of their words) is closed at the end of the chunk
    and opened again at the start of the next one, as Telegram refuses unclosed tags.
    """
    if utf16_units(text) <= limit:
        return [text]
    marked = "<" in text
    room = limit - _TAG_ROOM if marked and limit > 2 * _TAG_ROOM else limit
    chunks: list[str] = []
    rest = text
    while utf16_units(rest) > room:
        cut = _cut_point(rest, room)
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        chunks.append(rest)
    return _balanced(chunks) if marked else chunks


def _balanced(chunks: list[str]) -> list[str]:
    out: list[str] = []
    carried: list[tuple[str, str]] = []  # (name, opening tag) open at the last cut
    for chunk in chunks:
        opened = "".join(tag for _, tag in carried)
        stack = list(carried)
        for match in _ELEMENT.finditer(chunk):
            if match.group(1):
                if stack and stack[-1][0] == match.group(2).lower():
                    stack.pop()
            else:
                stack.append((match.group(2).lower(), match.group()))
        closing = "".join(f"</{name}>" for name, _ in reversed(stack))
        out.append(f"{opened}{chunk}{closing}")
        carried = stack
    return out


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
