"""The web outlet: what a journey shows in this step becomes the next page, in order. Help
numbers come first on that page; nothing is queued, so nothing waits behind anything."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain import Channel
from bot.screens import Screen


class WebOutlet:
    """One request's conversation with one visitor."""

    def __init__(self, person: int, chat: int, key: str, wake: Callable[[], None]) -> None:
        self._person = person
        self._chat = chat
        self._key = key
        self._wake = wake
        self.crises: list[Screen] = []
        self.screens: list[Screen] = []
        self.not_saved = False

    @property
    def channel(self) -> Channel:
        return Channel.WEB

    @property
    def person(self) -> int:
        return self._person

    @property
    def chat(self) -> int:
        return self._chat

    @property
    def message_key(self) -> str:
        return f"web:{self._key}"

    def page(self) -> list[Screen]:
        """The help numbers first, then everything else in the order it was shown."""
        return [*self.crises, *self.screens]

    async def show(self, screen: Screen) -> None:
        self.screens.append(screen)

    async def send(self, screen: Screen) -> None:
        self.screens.append(screen)

    async def crisis(self, screen: Screen, *, once_per_window: bool = True) -> bool:
        self.crises.append(screen)
        return True  # it is on the page they are about to see

    def retry_later(self) -> None:
        # A web form cannot be redelivered: the page says it was not saved and keeps the words.
        self.not_saved = True

    def wake_delivery(self) -> None:
        self._wake()
