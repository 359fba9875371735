"""Callback data: one small frozen dataclass per button family, packed into ≤ 64 bytes.

Each family has an allow-list pattern; anything that does not match it exactly is refused, so
a forged or stale button can never reach a handler. No user id ever goes into callback data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Self, get_type_hints

from bot.domain import Audience, ItemKind, Place

MAX_BYTES = 64
_ID = r"[a-z][a-z0-9_]{0,23}"


_HINTS: dict[str, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """A button class's field types, read once: get_type_hints is slow, and every press asks."""
    key = f"{cls.__module__}.{cls.__qualname__}"
    if key not in _HINTS:
        _HINTS[key] = get_type_hints(cls)
    return _HINTS[key]


def _choice(values: type[Audience] | type[Place] | type[ItemKind]) -> str:
    return "(?:" + "|".join(re.escape(v.value) for v in values) + ")"


@dataclass(frozen=True, slots=True)
class _Button:
    PREFIX: ClassVar[str]
    PATTERN: ClassVar[re.Pattern[str]]

    def pack(self) -> str:
        values = [str(getattr(self, f.name)) for f in fields(self)]
        data = ":".join([self.PREFIX, *values])
        if len(data.encode("utf-8")) > MAX_BYTES or not self.PATTERN.fullmatch(data):
            raise ValueError(f"{type(self).__name__} cannot be packed: {data!r}")
        return data

    @classmethod
    def matches(cls, data: object) -> bool:
        return isinstance(data, str) and cls.PATTERN.fullmatch(data) is not None

    @classmethod
    def unpack(cls, data: object) -> Self:
        if not isinstance(data, str):
            raise ValueError("callback data is not text")
        match = cls.PATTERN.fullmatch(data)
        if match is None:
            raise ValueError(f"not a {cls.__name__}")
        return cls(**cls._convert(match.groupdict()))

    @classmethod
    def _convert(cls, groups: dict[str, str]) -> dict[str, Any]:
        """Each matched text becomes its field's type (int, or an enum such as Audience)."""
        hints = _hints(cls)
        return {name: hints[name](value) for name, value in groups.items()}


@dataclass(frozen=True, slots=True)
class AudienceButton(_Button):
    """ "I'm in care" / "I'm a care leaver" / "I'm a carer"."""

    PREFIX: ClassVar[str] = "aud"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"aud:(?P<audience>{_choice(Audience)})")
    audience: Audience


@dataclass(frozen=True, slots=True)
class ScreenButton(_Button):
    """A main-menu destination: pledge, offer, meetings, help, privacy, menu, audience."""

    PREFIX: ClassVar[str] = "nav"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"nav:(?P<screen>{_choice(Place)})")
    screen: Place


@dataclass(frozen=True, slots=True)
class PromiseButton(_Button):
    """One promise of the pledge."""

    PREFIX: ClassVar[str] = "pl"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"pl:(?P<promise>{_ID})")
    promise: str


@dataclass(frozen=True, slots=True)
class AreaButton(_Button):
    """One area of the local offer."""

    PREFIX: ClassVar[str] = "of"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"of:(?P<area>{_ID})")
    area: str


@dataclass(frozen=True, slots=True)
class OfferItemButton(_Button):
    """One item of the local offer, within its area."""

    PREFIX: ClassVar[str] = "oi"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"oi:(?P<area>{_ID}):(?P<item>{_ID})")
    area: str
    item: str


@dataclass(frozen=True, slots=True)
class OfferHowButton(_Button):
    """ "How to get it": the second screen of a local offer item."""

    PREFIX: ClassVar[str] = "oh"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"oh:(?P<area>{_ID}):(?P<item>{_ID})")
    area: str
    item: str


PAGED_LISTS = ("pledge", "offer", "wedid", "topics")


@dataclass(frozen=True, slots=True)
class PageButton(_Button):
    """ "More" / "Back to the start" on a list too long for one screen."""

    PREFIX: ClassVar[str] = "pg"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        "pg:(?P<list>" + "|".join(PAGED_LISTS) + ")" + r":(?P<page>[0-9]{1,2})"
    )
    list: str
    page: int


@dataclass(frozen=True, slots=True)
class StartButton(_Button):
    """ "Have your say" (feedback) or "Ask a question" (question)."""

    PREFIX: ClassVar[str] = "fb"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"fb:(?P<kind>{_choice(ItemKind)})")
    kind: ItemKind


NOT_SURE = "unsure"


@dataclass(frozen=True, slots=True)
class TopicButton(_Button):
    """A theme the message is about, or "unsure"."""

    PREFIX: ClassVar[str] = "tp"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"tp:(?P<theme>{_ID})")
    theme: str


@dataclass(frozen=True, slots=True)
class ChoiceButton(_Button):
    """A yes/no choice in the feedback journey; which question is known from the step."""

    PREFIX: ClassVar[str] = "ch"
    ANSWERS: ClassVar[dict[str, frozenset[str]]] = {
        "behalf": frozenset({"yes", "no"}),
        "answer": frozenset({"yes", "no"}),
        "contact": frozenset({"yes", "no"}),
        "how": frozenset({"here", "other"}),
        "draft": frozenset({"send", "change", "cancel"}),
        "safe": frozenset({"unsafe", "unsure", "ok"}),
    }
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        "ch:(?P<question>"
        + "|".join(ANSWERS)
        + "):(?P<answer>"
        + "|".join(sorted(set().union(*ANSWERS.values())))
        + ")"
    )
    question: str
    answer: str

    def __post_init__(self) -> None:
        if self.answer not in self.ANSWERS.get(self.question, ()):
            raise ValueError(f"{self.answer!r} is not an answer to {self.question!r}")

    @classmethod
    def matches(cls, data: object) -> bool:
        match = cls.PATTERN.fullmatch(data) if isinstance(data, str) else None
        return match is not None and match["answer"] in cls.ANSWERS[match["question"]]


@dataclass(frozen=True, slots=True)
class ContactButton(_Button):
    """ "Yes, contact me" / "No, thank you" / "Message me here" / "Another way", under a
    "saved as urgent" reply. It names its item by the receipt code shown in that same message
    (no id of any person), so it still works after a restart and can't attach to another item;
    a stranger would have to guess a 46-bit code."""

    PREFIX: ClassVar[str] = "cn"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        "cn:(?P<answer>yes|no|here|other):(?P<code>[A-Z]{2,8}[0-9A-HJKMNP-TV-Z]{8})"
    )
    answer: str
    code: str


@dataclass(frozen=True, slots=True)
class AnswerButton(_Button):
    """ "Yes, tell me" / "No, thank you" under a question's receipt: named by the receipt code in
    that same message, like ContactButton, so a tap on an older question's reply is kept for
    that question (not whatever they sent last)."""

    PREFIX: ClassVar[str] = "an"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        "an:(?P<answer>yes|no):(?P<code>[A-Z]{2,8}[0-9A-HJKMNP-TV-Z]{8})"
    )
    answer: str
    code: str


@dataclass(frozen=True, slots=True)
class SendButton(_Button):
    """Send, under a preview. The token is random, made with the draft (never an id): the
    receipt code is derived from it, so pressing it again shows the same code."""

    PREFIX: ClassVar[str] = "sd"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile("sd:(?P<token>[A-Za-z0-9_-]{16})")
    token: str


@dataclass(frozen=True, slots=True)
class RemindButton(_Button):
    """Start or stop board-meeting reminders (and the "show me the choice" button)."""

    PREFIX: ClassVar[str] = "rm"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile("rm:(?P<choice>ask|yes|no|keep)")
    choice: str


OFFICER_ACTIONS = (
    "view",
    "board",
    "redact",
    "theme",
    "notboard",
    "referred",
    "noaction",
    "next",
    "contacted",
    "unreachable",
    "publish",
    "missed",
    "falsealarm",
    "answer",
)


@dataclass(frozen=True, slots=True)
class OfficerButton(_Button):
    """An officer's action on an item. Re-authorised on every press: buttons have no filters."""

    PREFIX: ClassVar[str] = "op"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(
        "op:(?P<action>" + "|".join(OFFICER_ACTIONS) + r"):(?P<item>[0-9]{1,12})"
    )
    action: str
    item: int


@dataclass(frozen=True, slots=True)
class OfficerThemeButton(_Button):
    """An officer choosing the theme of an item."""

    PREFIX: ClassVar[str] = "ot"
    PATTERN: ClassVar[re.Pattern[str]] = re.compile(f"ot:(?P<item>[0-9]{{1,12}}):(?P<theme>{_ID})")
    item: int
    theme: str


BUTTON_FAMILIES: tuple[type[_Button], ...] = (
    AudienceButton,
    ScreenButton,
    PromiseButton,
    AreaButton,
    OfferItemButton,
    OfferHowButton,
    PageButton,
    StartButton,
    TopicButton,
    ChoiceButton,
    ContactButton,
    AnswerButton,
    SendButton,
    RemindButton,
    OfficerButton,
    OfficerThemeButton,
)


def is_known(data: object) -> bool:
    return any(family.matches(data) for family in BUTTON_FAMILIES)
