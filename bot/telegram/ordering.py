"""Ordering: the updates of one chat are processed one at a time, different chats at once.

Two Send taps, a message and a button press, a retry of an update still being processed: if
updates of one chat ran side by side, each would read the same draft and the same rate-limit
count before either saved, and store the message twice. PTB's own processors either run
everything one at a time or everything at once; this one keeps each chat (each user when an
update has no chat) in arrival order and lets other chats proceed meanwhile. It serves both
polling (PTB hands it every update) and our webhook endpoint (which calls it directly).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates held at once, running or waiting for their turn. PTB takes this slot before an
# update waits for its chat, so a small number would let one busy chat's queue hold up every
# other chat; the real bounds are Telegram's (at most 100 webhook connections at a time) and
# the flood limits of the journeys.
MAX_UPDATES_HELD = 4096


class _Turn:
    """One chat's lock and how many updates hold or wait for it (to drop it when idle)."""

    __slots__ = ("holders", "lock")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()  # wakes waiters first come, first served
        self.holders = 0


def chat_key(update: object) -> int | None:
    """The chat an update belongs to; the sender when it has no chat (a private chat's id is
    the user's id, so both name the same person)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class OneAtATimePerChat(BaseUpdateProcessor):
    """Runs an update once every earlier update of its chat has finished."""

    __slots__ = ("_turns",)

    def __init__(self, max_concurrent_updates: int = MAX_UPDATES_HELD) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, _Turn] = {}

    @property
    def chats_waiting_or_running(self) -> int:
        """How many chats have a lock right now (idle chats keep none)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.holders += 1
        try:
            async with turn.lock:
                await coroutine
        finally:
            turn.holders -= 1
            if turn.holders == 0:
                del self._turns[key]
            if inspect.iscoroutine(coroutine):
                # Cancelled while waiting for its turn: it never ran, and never will.
                coroutine.close()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
