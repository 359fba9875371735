"""Screens as plain text, the way a phone shows them: for the catalogue, the demo and the
checks on how long a screen is."""

from __future__ import annotations

import textwrap

from bot.screens.model import Block, BlockKind, Line, Screen

PHONE_WIDTH = 38  # characters on one line of a small phone, in Telegram's default font


def _line(line: Line) -> str:
    return "".join(span.text for span in line)


def _block(block: Block) -> list[str]:
    lines = [_line(line) for line in block.lines]
    if block.kind is BlockKind.LIST:
        return [f"• {line}" for line in lines]
    if block.kind is BlockKind.QUOTE:
        return [f"│ {part}" for line in lines for part in line.splitlines() or [""]]
    return [part for line in lines for part in line.splitlines() or [""]]


def text_lines(screen: Screen) -> list[str]:
    """The words of a screen, a paragraph's lines one under another, a blank line between."""
    out: list[str] = [screen.title] if screen.title else []
    for block in screen.blocks:
        if out:
            out.append("")
        out += _block(block)
    return out


def phone_lines(screen: Screen, width: int = PHONE_WIDTH) -> int:
    """How many lines the words take on a phone `width` characters wide (blank lines count:
    they take the space of a line)."""
    return sum(
        len(textwrap.wrap(line, width, break_long_words=True, break_on_hyphens=False)) or 1
        for line in text_lines(screen)
    )


def plain(screen: Screen) -> str:
    """Words, then buttons as [Label] (a row per line)."""
    lines = text_lines(screen)
    if screen.actions:
        lines.append("")
        lines += ["  ".join(f"[{a.label}]" for a in row) for row in screen.actions]
    return "\n".join(lines)


def sentences(screen: Screen) -> list[str]:
    """Every sentence shown, for checking nothing is said twice."""
    found: list[str] = []
    for line in text_lines(screen):
        for part in line.replace("!", ".").replace("?", ".").split(". "):
            cleaned = part.strip(" .•│").lower()
            if len(cleaned.split()) >= 3:
                found.append(cleaned)
    return found
