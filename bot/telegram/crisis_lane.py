"""Crisis lane: the help numbers reach a child who may not be safe, whatever else is queued.

Crisis replies go through their own Bot with no rate limiter and its own connections, so a 429
on an officer alert, a slow digest or a reminder broadcast can never hold one up. A passing
failure (5xx, timeout, a short flood wait) is tried again with backoff for about half a minute, in
the background so other children's updates are not held up either. The "already sent" guard is
set only once a reply was actually delivered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.screens import Screen
from bot.services.limits import CrisisReplyGuard
from bot.telegram.handlers.common import retry_seconds, send_view

log = logging.getLogger(__name__)

# Waits between tries: about 30 seconds in all.
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0, 14.0)


class CrisisLane:
    def __init__(
        self,
        bot: Bot,
        guard: CrisisReplyGuard,
        *,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.bot = bot
        self._guard = guard
        self._backoff = backoff
        self._sleep = sleep
        self._tasks: set[asyncio.Task[bool]] = set()

    async def send(self, chat_id: int, view: Screen, *, once_per_window: bool = True) -> bool:
        """Send now; if that fails for a passing reason, keep trying in the background.
        True if it was delivered by the time this returns (or was sent moments ago).
        `once_per_window`: the crisis reply itself is not repeated to the same chat within the
        guard's window; the follow-up (saved, with its code) always goes."""
        if once_per_window and self._guard.recently_sent(chat_id):
            return True
        outcome = await self._try(chat_id, view, once_per_window)
        if isinstance(outcome, bool):
            return outcome
        task = asyncio.create_task(self._keep_trying(chat_id, view, outcome, once_per_window))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return False

    async def _try(self, chat_id: int, view: Screen, mark: bool) -> bool | float:
        """True: delivered. False: will never work (blocked, no such chat). A number: a
        passing failure; try again, not sooner than that many seconds."""
        try:
            await send_view(self.bot, chat_id, view)
        except RetryAfter as error:
            return retry_seconds(error.retry_after)
        except (BadRequest, Forbidden) as error:
            log.error("A crisis reply could not be delivered: %s", type(error).__name__)
            return False
        except NetworkError:  # timeouts, lost connections and 5xx
            return 0.0
        if mark:
            self._guard.mark_sent(chat_id)
        return True

    async def _keep_trying(self, chat_id: int, view: Screen, hint: float, mark: bool) -> bool:
        for wait in self._backoff:
            await self._sleep(max(wait, hint))
            outcome = await self._try(chat_id, view, mark)
            if isinstance(outcome, bool):
                return outcome
            hint = outcome
        log.error("A crisis reply could not be delivered after several tries")
        return False

    async def drain(self) -> None:
        """Wait for every reply still being retried (shutdown and tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
