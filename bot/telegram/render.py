"""Renders a channel-neutral Screen as Telegram HTML (every string escaped) and buttons."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.formatting import esc
from bot.screens.model import Block, BlockKind, Line, Screen, Span

_CACHE_LIMIT = 2048


@dataclass(frozen=True, slots=True)
class View:
    """One Telegram message: HTML text and its inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


_views: dict[Screen, View] = {}


def render(screen: Screen) -> View:
    """The screen as Telegram shows it. A screen built from content alone (most of browsing)
    is rendered once; a screen holding anyone's words is never kept."""
    if not screen.reusable:
        return View(html(screen), keyboard(screen))
    hit = _views.get(screen)
    if hit is not None:
        return hit
    view = View(html(screen), keyboard(screen))
    if len(_views) >= _CACHE_LIMIT:
        _views.clear()
    _views[screen] = view
    return view


def html(screen: Screen) -> str:
    parts = [f"<b>{esc(screen.title)}</b>"] if screen.title else []
    parts += [_block(block) for block in screen.blocks]
    return "\n\n".join(parts)


def keyboard(screen: Screen) -> InlineKeyboardMarkup | None:
    if not screen.actions:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(a.label, callback_data=a.value) for a in row]
            for row in screen.actions
        ]
    )


def _block(block: Block) -> str:
    if block.kind is BlockKind.QUOTE:
        return f"<blockquote>{_lines(block.lines)}</blockquote>"
    if block.kind is BlockKind.LIST:
        return "\n".join(f"• {_line(line)}" for line in block.lines)
    return _lines(block.lines)


def _lines(lines: tuple[Line, ...]) -> str:
    return "\n".join(_line(line) for line in lines)


def _line(line: Line) -> str:
    return "".join(_span(span) for span in line)


def _span(span: Span) -> str:
    text = esc(span.text)
    if span.code:
        text = f"<code>{text}</code>"
    if span.italic:
        text = f"<i>{text}</i>"
    if span.bold:
        text = f"<b>{text}</b>"
    if span.link:
        text = f'<a href="{esc(span.link).replace(chr(34), "&quot;")}">{text}</a>'
    return text
