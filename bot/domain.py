"""Domain: plain dataclasses, enums and constants shared by every layer (no Telegram here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

# Time is injected everywhere so tests are deterministic; it is always timezone-aware.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Audience(StrEnum):
    """Who is reading: the wording adapts, nothing about the choice is stored on disk."""

    IN_CARE = "in_care"
    CARE_LEAVER = "care_leaver"
    CARER = "carer"


DEFAULT_AUDIENCE = Audience.IN_CARE


class Screen(StrEnum):
    """The screens of the information journey, reachable from the main menu."""

    MENU = "menu"
    PLEDGE = "pledge"
    OFFER = "offer"
    MEETINGS = "meetings"
    HELP = "help"
    PRIVACY = "privacy"
    AUDIENCE = "audience"


# Deep links for QR posters: t.me/<bot>?start=<payload> opens that screen.
DEEP_LINKS: dict[str, Screen] = {
    "offer": Screen.OFFER,
    "meetings": Screen.MEETINGS,
    "help": Screen.HELP,
    "pledge": Screen.PLEDGE,
    "privacy": Screen.PRIVACY,
}

# The national numbers a child may ring. Content must carry exactly these; a typo here could cost
# a life, so content validation compares against these constants and refuses to start otherwise.
NATIONAL_HELPLINES: dict[str, str] = {
    "emergency": "999",
    "childline": "0800 1111",
    "samaritans": "116 123",
    "shout": "85258",
    "always_heard": "0808 800 5792",
}


@dataclass(frozen=True, slots=True)
class Meeting:
    """One board meeting as the young person sees it."""

    day: date
    start: time
    venue: str
    topics: tuple[str, ...]
    views_by: date
    how_to_take_part: dict[Audience, str]

    def take_part(self, audience: Audience) -> str:
        return self.how_to_take_part[audience]


class ItemKind(StrEnum):
    FEEDBACK = "feedback"
    QUESTION = "question"


class ItemStatus(StrEnum):
    """Where an item is on its way to the board; each has a plain sentence in texts.yaml."""

    RECEIVED = "received"
    READ = "read"
    FOR_BOARD = "for_board"
    NOT_FOR_BOARD = "not_for_board"
    TAKEN_TO_BOARD = "taken_to_board"
    ANSWERED = "answered"
    REFERRED = "referred"


class OptInKind(StrEnum):
    """The only reasons a chat id is ever stored, each with its own expiry."""

    ANSWER = "answer"
    CONTACT = "contact"
    REMINDERS = "reminders"


@dataclass(frozen=True, slots=True)
class NewItem:
    """What a young person sends. Deliberately has no field for who sent it."""

    kind: ItemKind
    audience: Audience
    text: str
    theme: str | None = None
    on_behalf: bool = False
    urgent: bool = False
    risk_categories: tuple[str, ...] = ()
    suggested_themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    kind: ItemKind
    audience: Audience
    text: str
    theme: str | None
    on_behalf: bool
    urgent: bool
    risk_categories: tuple[str, ...]
    suggested_themes: tuple[str, ...]
    status: ItemStatus
    created_on: date
    expires_on: date


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the young person gets back after sending: the code is shown once, never stored."""

    item_id: int
    code: str
    urgent: bool
    kind: ItemKind


class DomainError(Exception):
    """Base for errors a handler turns into a kind reply."""


class DuplicateUpdate(DomainError):
    """The same Telegram update arrived twice; it was stored the first time."""


class RateLimited(DomainError):
    """Too many messages from one person in a short time (crisis replies are never limited)."""


class TooLong(DomainError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"{length} > {limit}")
        self.length = length
        self.limit = limit


class StoreUnavailable(DomainError):
    """The database could not be written; nothing was half-saved."""
