"""Domain: plain dataclasses, enums and constants shared by every layer (no Telegram here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from enum import StrEnum

# Time is injected everywhere so tests are deterministic; it is always timezone-aware.
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_today(clock: Clock, zone: tzinfo) -> date:
    """Today in the council's time zone: the only precision a stored date ever has."""
    return clock().astimezone(zone).date()


class Audience(StrEnum):
    """Who is reading: the wording adapts, nothing about the choice is stored on disk."""

    IN_CARE = "in_care"
    CARE_LEAVER = "care_leaver"
    CARER = "carer"


DEFAULT_AUDIENCE = Audience.IN_CARE


class Channel(StrEnum):
    """How a person reaches us: a few screens differ (the web has no "message me here")."""

    TELEGRAM = "telegram"
    WEB = "web"


class Place(StrEnum):
    """The places of the information journey, reachable from the main menu."""

    MENU = "menu"
    PLEDGE = "pledge"
    OFFER = "offer"
    MEETINGS = "meetings"
    HELP = "help"
    PRIVACY = "privacy"
    AUDIENCE = "audience"
    WE_DID = "we_did"
    PRIVACY_MORE = "privacy_more"
    BOARD = "board"


# Deep links for QR posters: t.me/<bot>?start=<payload> opens that screen.
DEEP_LINKS: dict[str, Place] = {
    "offer": Place.OFFER,
    "meetings": Place.MEETINGS,
    "help": Place.HELP,
    "pledge": Place.PLEDGE,
    "privacy": Place.PRIVACY,
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
    NO_ACTION = "no_action"


# Statuses an officer can still act on; every other status is a decision already made.
OPEN_STATUSES = frozenset({ItemStatus.RECEIVED, ItemStatus.READ})
APPROVED_STATUSES = frozenset({ItemStatus.FOR_BOARD, ItemStatus.TAKEN_TO_BOARD})


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ContactState(StrEnum):
    """A young person's "contact me", from asking to an officer closing it (or it expiring)."""

    REQUESTED = "requested"
    CONTACTED = "contacted"
    UNREACHABLE = "unreachable"
    EXPIRED = "expired"


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
    language: str | None = None  # set only when the message is not in English


@dataclass(frozen=True, slots=True)
class Reply:
    """One message of a conversation kept under a receipt code: the team's, or theirs."""

    from_team: bool
    text: str
    created_on: date


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
    acknowledged: bool = False
    board_text: str | None = None
    decision_reason: str | None = None
    answer: str | None = None
    contact: ContactState | None = None
    published: bool = False
    language: str | None = None
    screen_mark: str | None = (
        None  # an officer's "missed" or "false_alarm" (the screen's field score)
    )

    @property
    def missed(self) -> bool:
        """Marked "Missed: needed help": it can be referred or closed like an urgent one."""
        return self.screen_mark == "missed"


@dataclass(frozen=True, slots=True)
class Action:
    """A "You said, we did" entry: what the council did about a theme."""

    id: int
    theme: str
    what: str
    status: ActionStatus
    updated_on: date
    item_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CountRow:
    """How many items share these properties in a period (the report is built from these)."""

    kind: ItemKind
    audience: Audience
    on_behalf: bool
    urgent: bool
    theme: str | None
    count: int


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    item_id: int
    kind: str
    urgent: bool
    reply_id: int | None = None  # kind "team_reply": the reply to send


@dataclass(frozen=True, slots=True)
class Actor:
    """Whoever sent an officer command or pressed an officer button, as Telegram described them.

    Built by handlers from the update; the officer service decides whether they may act."""

    user_id: int | None
    chat_id: int | None
    chat_type: str
    name: str
    sender_chat: bool = False
    forwarded: bool = False
    edited: bool = False


@dataclass(frozen=True, slots=True)
class Officer:
    """An actor the officer service has authorised."""

    user_id: int
    name: str


class Role(StrEnum):
    """What a console account may do: officers read and decide; managers also see the audit
    log; admins also manage accounts."""

    OFFICER = "officer"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Account:
    """An officer console account (staff). Secrets only as a hash (password) or as the
    authenticator's shared secret, never logged."""

    id: int
    name: str
    role: Role
    password_hash: str | None
    totp_secret: str | None
    last_totp_step: int
    setup_expires: datetime | None
    failures: int
    locked_until: datetime | None
    disabled: bool

    @property
    def ready(self) -> bool:
        return bool(self.password_hash and self.totp_secret) and not self.disabled


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


class NotAnOfficer(DomainError):
    """Someone who is not an allow-listed officer, or not in an officer chat, tried to act."""


class NoSuchItem(DomainError):
    """No item has that number (it may have been deleted)."""


class AlreadyDecided(DomainError):
    def __init__(self, status: ItemStatus, by: str) -> None:
        super().__init__(f"{status} by {by}")
        self.status = status
        self.by = by


class NotAllowedHere(DomainError):
    """The action does not fit this item (e.g. answering feedback, referring a normal item)."""
