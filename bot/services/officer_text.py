"""What an officer types (answers, replies, the board's wording, reasons): never blank, never
cut short without a word."""

from __future__ import annotations

from bot.domain import NotAllowedHere
from bot.services.screen_text import INVISIBLE

MAX_OFFICER_TEXT = 2000  # an answer, a reply or what was done: about a message's length
# The board's wording of a message (at most 2,000 characters) may run a little longer once a
# name is put as "a member of staff".
MAX_BOARD_TEXT = 4000


class UnusableWords(NotAllowedHere):
    """What the officer typed cannot be used as it is (blank, too long): typed again, it can."""


def has_words(text: str | None) -> bool:
    """Anything in it once spaces and invisible characters go: a zero-width space, a Hangul
    filler or a no-break space alone is nothing to send or show."""
    return bool(text and INVISIBLE.sub("", text).strip())


def officer_words(text: str | None, most: int = MAX_OFFICER_TEXT) -> str:
    """An officer's words as typed, or a refusal that changes nothing: never blank (a young
    person got an empty answer), never cut short without a word (the end of an answer
    was lost while the officer was told it was saved)."""
    if not has_words(text):
        raise UnusableWords("there are no words in what you sent, so nothing was changed")
    words = (text or "").strip()
    if len(words) > most:
        raise UnusableWords(
            f"it is {len(words):,} characters long and the most is {most:,}, so nothing was"
            " saved. Please shorten it and send it again"
        )
    return words


def reason(text: str | None) -> str | None:
    """An optional reason: blank is none; too long is refused, like any officer's words."""
    return officer_words(text) if has_words(text) else None
