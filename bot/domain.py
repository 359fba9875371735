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
