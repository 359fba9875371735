"""Broadcast on a clock (issue 13): sends are paced against absolute times, so a late wake-up is
made up instead of lost, and making up never puts more than Telegram's 30 in any one second."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

from bot.telegram.pacing import OVERALL_PER_SECOND, ClockRateLimiter, SendClock

TELEGRAM_PER_SECOND = 30


class FakeTime:
    """A clock whose sleep wakes up late by `late(n)` seconds on the n-th sleep."""

    def __init__(self, late: Callable[[int], float]) -> None:
        self.now = 1000.0
        self.late = late
        self.sleeps = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + self.late(next(self.sleeps))


async def send_times(time: FakeTime, count: int, work: float = 0.002) -> list[float]:
    clock = SendClock(now=time.clock, sleep=time.sleep)
    sent = []
    for _ in range(count):
        async with clock:
            sent.append(time.now)
            time.now += work  # the request itself takes a little while
    return sent


def share_of_limit(sent: list[float]) -> float:
    rate = (len(sent) - 1) / (sent[-1] - sent[0])
    return rate / TELEGRAM_PER_SECOND


def most_in_one_second(sent: list[float]) -> int:
    return max(sum(1 for t in sent if start <= t < start + 1.0) for start in sent)


async def test_late_wake_ups_are_made_up_so_the_rate_holds() -> None:
    time = FakeTime(late=lambda n: 0.004)  # every wake-up 4 ms late, as on a busy machine

    sent = await send_times(time, 600)

    assert share_of_limit(sent) >= 0.97
    assert most_in_one_second(sent) <= TELEGRAM_PER_SECOND


async def test_catching_up_after_a_stall_never_breaks_the_limit() -> None:
    # Every 40th wake-up comes 300 ms late (a neighbour hogging the CPU): the clock sends the
    # missed slots at once, but never more than 30 in any one second.
    time = FakeTime(late=lambda n: 0.3 if n % 40 == 39 else 0.001)

    sent = await send_times(time, 600)

    assert most_in_one_second(sent) <= TELEGRAM_PER_SECOND
    assert share_of_limit(sent) >= 0.97


async def test_a_request_held_up_on_its_way_still_counts_in_the_second_it_arrives() -> None:
    # Every 7th request spends 60 ms on its way (the event loop or the network was busy), after
    # wake-ups that come late: Telegram counts it when it arrives, so must the clock.
    time = FakeTime(late=lambda n: 0.004)
    clock = SendClock(now=time.clock, sleep=time.sleep)
    arrived = []
    for n in range(600):
        async with clock:
            on_the_way = 0.06 if n % 7 == 0 else 0.001
            arrived.append(time.now + on_the_way)
            time.now += on_the_way + 0.001  # the answer comes back after it arrived

    assert most_in_one_second(arrived) <= TELEGRAM_PER_SECOND
    assert share_of_limit(arrived) >= 0.97


async def test_after_a_long_pause_the_clock_starts_afresh_instead_of_bursting() -> None:
    time = FakeTime(late=lambda n: 0.0)
    clock = SendClock(now=time.clock, sleep=time.sleep)
    async with clock:
        pass
    time.now += 60.0  # nothing to send for a minute

    sent = []
    for _ in range(20):
        async with clock:
            sent.append(time.now)

    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert min(gaps) >= 1 / OVERALL_PER_SECOND - 1e-9  # evenly spaced from the first


async def test_the_bots_limiter_paces_chat_sends_on_its_clock_and_not_other_calls() -> None:
    time = FakeTime(late=lambda n: 0.004)
    limiter = ClockRateLimiter(SendClock(now=time.clock, sleep=time.sleep))
    sent: list[float] = []

    async def send() -> bool:
        sent.append(time.now)
        return True

    for _ in range(60):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 7}, None)
    paced = list(sent)
    for _ in range(10):  # answering a button has no chat id: not limited
        await limiter.process_request(send, (), {}, "answerCallbackQuery", {}, None)

    assert paced[-1] - paced[0] >= 59 / OVERALL_PER_SECOND
    assert share_of_limit(paced) >= 0.97
    assert sent[60:] == [paced[-1]] * 10  # the other calls waited for nothing


async def test_sends_still_on_their_way_count_against_the_limit() -> None:
    # Six sends at once, each slow to answer: never more than three on their way together.
    clock = SendClock(per_second=1000, limit=3, window=0.05)
    on_the_way, most = 0, 0

    async def send() -> None:
        nonlocal on_the_way, most
        async with clock:
            on_the_way += 1
            most = max(most, on_the_way)
            await asyncio.sleep(0.02)
            on_the_way -= 1

    await asyncio.gather(*(send() for _ in range(6)))

    assert most == 3
