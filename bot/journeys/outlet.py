"""The Outlet: how a journey reaches the person, whatever the channel."""

from __future__ import annotations

from typing import Protocol

from bot.domain import Channel
from bot.screens import Screen


class Outlet(Protocol):
    """One person's conversation, as the channel carries it."""

    @property
    def channel(self) -> Channel:
        """Telegram or the web chat: a few screens differ."""

    @property
    def person(self) -> int:
        """Who this is, for per-person limits only (kept in memory under a keyed hash)."""

    @property
    def chat(self) -> int:
        """Where to reach them later; stored only when they opt in."""

    @property
    def message_key(self) -> str:
        """Names the message being handled: the same message handled twice stores once."""

    async def show(self, screen: Screen) -> None:
        """The answer to what they just did (replacing the pressed screen where it can)."""

    async def send(self, screen: Screen) -> None:
        """A new message after the answer."""

    async def crisis(self, screen: Screen, *, once_per_window: bool = True) -> bool:
        """The help numbers, at once, ahead of anything else and never rate limited. True if
        delivered (or delivered moments ago); False while it is still being retried."""

    def retry_later(self) -> None:
        """Nothing could be saved: ask the channel to deliver this again."""

    def wake_delivery(self) -> None:
        """Something is waiting for the officers: deliver it now."""
