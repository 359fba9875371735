"""A person's journey state: what they are writing, what they were asked, kept in memory only.

The channel keeps one mapping per person (Telegram: PTB's user_data, never persisted). Nothing
here reaches disk: durable things go through the services, after the person presses Send.
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.domain import DEFAULT_AUDIENCE, Audience, ItemKind
from bot.screens import Screen
from bot.services.screening import ScreenResult

AUDIENCE_KEY = "audience"
_DRAFT = "draft"
_LAST_ITEM = "last_item"
_CONTACT_ITEM = "contact_item"
_WORRY = "safety_check"  # words waiting for the answer to "are you safe right now?"
_CHOSEN = "chosen"  # the screen shown after a contact / answer choice, shown again on a 2nd tap
_CHECK_ANSWERED = "safety_check_answered"  # the token of the last worry answered "not safe"
_AFTER_AUDIENCE = "after_audience"  # what to do once we know who they are
_NOTE_OK = "note_ok"  # a note beside a command they said they were OK about
_TYPED = "typed"  # words typed when no journey was waiting for them, kept to send if they want
_CANCELLED = "cancelled"  # the token of a draft they cancelled (its old Send says so)
_OWN = "own_items"  # the items this person stored in this session (their own buttons name them)


class Stage(StrEnum):
    TOPIC = "topic"
    BEHALF = "behalf"
    TYPING = "typing"
    PREVIEW = "preview"


@dataclass(frozen=True)
class Worry:
    """A message the screen was unsure about, kept in memory until the young person answers."""

    text: str
    token: str
    # Words written beside a command (a note after /status): if they are OK, nothing is sent.
    note: bool = False
    # Whether an OK'd note is kept in memory for a change of mind (not after /forget).
    keep: bool = True


@dataclass
class Draft:
    """What someone is writing, before they press Send."""

    kind: ItemKind
    stage: Stage = Stage.TOPIC
    theme: str | None = None
    on_behalf: bool = False
    text: str = ""
    # Names this submission: it rides on the Send button, and the receipt code is derived from
    # it, so Send pressed twice, or redelivered after a crash, stores once and shows one code.
    token: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    # The screen's reading of `text`, taken when it was typed, so Send does not read it again.
    screened: ScreenResult | None = None
    # A preview has been shown: changing the words after it gives the draft a new token.
    previewed: bool = False
    # The channel's name for the message its words came from, so an edit of that message
    # changes the draft (Telegram lets people edit what they sent).
    source: str | None = None

    @property
    def writing(self) -> bool:
        return self.stage in {Stage.TYPING, Stage.PREVIEW}


class Session:
    """Typed access to one person's in-memory state."""

    def __init__(self, data: MutableMapping[Any, Any] | None) -> None:
        self._data: MutableMapping[Any, Any] = data if data is not None else {}

    def _get(self, key: str, kind: type | tuple[type, ...]) -> Any:
        value = self._data.get(key)
        return value if isinstance(value, kind) else None

    def _put(self, key: str, value: object) -> None:
        if value is None:
            self._data.pop(key, None)
        else:
            self._data[key] = value

    @property
    def audience(self) -> Audience:
        return self._get(AUDIENCE_KEY, Audience) or DEFAULT_AUDIENCE

    @audience.setter
    def audience(self, value: Audience) -> None:
        self._put(AUDIENCE_KEY, value)

    @property
    def audience_known(self) -> bool:
        """False after a restart or a deep link: then we ask rather than guess."""
        return self._get(AUDIENCE_KEY, Audience) is not None

    @property
    def draft(self) -> Draft | None:
        return self._get(_DRAFT, Draft)

    @draft.setter
    def draft(self, value: Draft | None) -> None:
        self._put(_DRAFT, value)

    @property
    def last_item(self) -> int | None:
        return self._get(_LAST_ITEM, int)

    @last_item.setter
    def last_item(self, value: int | None) -> None:
        self._put(_LAST_ITEM, value)

    @property
    def contact_item(self) -> int | None:
        return self._get(_CONTACT_ITEM, int)

    @contact_item.setter
    def contact_item(self, value: int | None) -> None:
        self._put(_CONTACT_ITEM, value)

    @property
    def worry(self) -> Worry | None:
        return self._get(_WORRY, Worry)

    @worry.setter
    def worry(self, value: Worry | None) -> None:
        self._put(_WORRY, value)

    @property
    def chosen(self) -> Screen | None:
        return self._get(_CHOSEN, Screen)

    @chosen.setter
    def chosen(self, value: Screen | None) -> None:
        self._put(_CHOSEN, value)

    @property
    def check_answered(self) -> str | None:
        return self._get(_CHECK_ANSWERED, str)

    @check_answered.setter
    def check_answered(self, value: str | None) -> None:
        self._put(_CHECK_ANSWERED, value)

    @property
    def note_ok(self) -> Worry | None:
        """A note they said "I'm OK" about, kept in case they change their mind."""
        return self._get(_NOTE_OK, Worry)

    @note_ok.setter
    def note_ok(self, value: Worry | None) -> None:
        self._put(_NOTE_OK, value)

    @property
    def typed(self) -> str | None:
        return self._get(_TYPED, str)

    @typed.setter
    def typed(self, value: str | None) -> None:
        self._put(_TYPED, value)

    @property
    def cancelled(self) -> str | None:
        return self._get(_CANCELLED, str)

    @cancelled.setter
    def cancelled(self, value: str | None) -> None:
        self._put(_CANCELLED, value)

    @property
    def own_items(self) -> frozenset[int]:
        return self._get(_OWN, frozenset) or frozenset()

    def stored(self, item_id: int) -> None:
        """They stored this item (Send, or a disclosure): buttons naming it are theirs."""
        self._put(_OWN, self.own_items | {item_id})

    @property
    def after_audience(self) -> ItemKind | Worry | None:
        return self._get(_AFTER_AUDIENCE, (ItemKind, Worry))

    @after_audience.setter
    def after_audience(self, value: ItemKind | Worry | None) -> None:
        self._put(_AFTER_AUDIENCE, value)
