"""Pacing: Telegram's overall limit (about 30 messages a second) kept against a clock.

A limiter that waits one interval after each send loses whatever the event loop adds to every
wake-up: on a busy machine about a millisecond a message, 3-7 % of the limit. `SendClock` gives
each send a slot at an absolute time instead (start + k / rate): a late wake-up sends at once
and the next slots stay where they were, so the lost time is made up. Making up is bounded twice:
never more than `catch_up` seconds behind the schedule (after a pause longer than that it
starts afresh: nobody was waiting, so nothing was lost), and never more than `limit` sends in
any `window` seconds, counting each send until its answer came back, so catching up cannot
break the limit however the network bunches requests up (a bucket as deep as the rate would
let a whole second's worth out at once and keep going, which Telegram answers with 429s).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any

from telegram.ext import AIORateLimiter

Sleep = Callable[[float], Awaitable[None]]
JSONDict = dict[str, Any]

# Telegram allows about 30 messages a second overall and 20 a minute in a group.
OVERALL_PER_SECOND = 29.5
OVERALL_LIMIT = 30
WINDOW_S = 1.005
CATCH_UP_S = 0.5
GROUP_PER_MINUTE = 20


class SendClock:
    """`async with clock:` returns when the next send may go (see the module's docstring)."""

    def __init__(
        self,
        per_second: float = OVERALL_PER_SECOND,
        *,
        limit: int = OVERALL_LIMIT,
        window: float = WINDOW_S,
        catch_up: float = CATCH_UP_S,
        now: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = 1 / per_second
        self.limit = limit
        self.window = window
        self.catch_up = catch_up
        self._now = now
        self._sleep = sleep
        self._due: float | None = None
        self._last = 0.0
        self._in_flight = 0
        self._ended: deque[float] = deque(maxlen=limit)
        self._room = asyncio.Event()
        self._lock = asyncio.Lock()  # one waiter at a time, in arrival order

    async def __aenter__(self) -> None:
        async with self._lock:
            now = self._now()
            if self._due is None or (not self._in_flight and now - self._last > self.catch_up):
                slot = now  # a pause, not a late wake-up: nothing was lost, nothing to make up
            else:
                slot = max(self._due, now - self.catch_up)
            if slot > now:
                await self._sleep(slot - now)
            await self._wait_for_room()
            self._in_flight += 1
            self._last = self._now()
            self._due = slot + self.interval  # the schedule moves on, not the late wake-up

    async def _wait_for_room(self) -> None:
        """Until fewer than `limit` sends are in flight or ended within the last `window`.
        A send counts until its answer came back: Telegram saw it somewhere in between, so
        however long the request was held up on its way, it cannot land in a later second
        than the one counted here."""
        while True:
            now = self._now()
            recent = sorted(ended for ended in self._ended if ended > now - self.window)
            over = self._in_flight + len(recent) - self.limit + 1
            if over <= 0:
                return
            if over <= len(recent):
                await self._sleep(recent[over - 1] + self.window - now)
            else:  # only a send still in flight can make room
                self._room.clear()
                await self._room.wait()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._in_flight -= 1
        self._ended.append(self._now())
        self._room.set()


class ClockRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (20 a minute per group, waiting out a 429 and retrying) with its
    overall limit kept by a SendClock instead of a leaky bucket."""

    def __init__(self, clock: SendClock | None = None, max_retries: int = 3) -> None:
        super().__init__(
            overall_max_rate=0,  # kept by the clock below
            group_max_rate=1,
            group_time_period=60 / GROUP_PER_MINUTE,  # one at a time, evenly spaced
            max_retries=max_retries,
        )
        self.clock = clock or SendClock()

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> bool | JSONDict | list[JSONDict]:
        if not chat or allow_paid_broadcast:
            return await super()._run_request(
                chat, group, allow_paid_broadcast, callback, args, kwargs
            )
        if group and self._group_max_rate:
            # The group's turn first, so the overall slot is taken only when the send goes.
            async with self._get_group_limiter(group):
                return await self._on_the_clock(callback, args, kwargs)
        return await self._on_the_clock(callback, args, kwargs)

    async def _on_the_clock(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> bool | JSONDict | list[JSONDict]:
        await self._retry_after_event.wait()  # after a 429, nobody sends until it is waited out
        async with self.clock:
            return await callback(*args, **kwargs)
