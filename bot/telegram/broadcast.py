"""Broadcast: sending due reminders to everyone who asked, politely and exactly once.

Each reminder is claimed in the database before it is sent, so a crash part-way never sends
anyone the same reminder twice, and recorded as sent once it went; a failed send gives its
claim back before waiting to retry. A claim lasts a few minutes (a lease): a sender killed
between claiming and sending leaves one that runs out, and the next run sends that reminder
(only a kill between a send and its record can send one twice). Telegram's limits are
kept by the bot's rate limiter (bot/telegram/pacing.py: about 30 messages a second overall, on
a clock, so late wake-ups on a busy machine are made up); RetryAfter is waited out; a
blocked bot removes that opt-in; network errors are retried with backoff, then released for the
next run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from telegram.error import Forbidden, NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot import screens
from bot.domain import Audience
from bot.services import Services
from bot.services.reminders import Reminder, RemindersService
from bot.telegram.handlers.common import retry_seconds, send_view

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Sends on their way at once. One at a time, each claim (a durable write) and request had to fit
# in the limiter's 34 ms slot, and a busy machine or Telegram's round trip made them miss it; the
# limiter (bot/telegram/pacing.py) counts sends on their way, so more cannot break the limit.
IN_FLIGHT = 3
MAX_BACKOFF = 60.0

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class BroadcastResult:
    sent: int = 0
    blocked: int = 0
    postponed: int = 0


async def send_due_reminders(
    bot: ExtBot[None], services: Services, sleep: Sleep = asyncio.sleep
) -> BroadcastResult:
    result = BroadcastResult()
    for reminder in services.reminders.due_today():
        targets = iter(await services.reminders.targets(reminder))
        try:
            async with asyncio.TaskGroup() as senders:
                for _ in range(IN_FLIGHT):
                    senders.create_task(
                        _send_each(bot, services, reminder, targets, result, sleep)
                    )
        except BaseExceptionGroup as failed:
            raise failed.exceptions[0] from None  # as if sent one at a time
    if result.sent or result.blocked or result.postponed:
        log.info(
            "Reminders: %d sent, %d people had blocked the bot, %d postponed",
            result.sent,
            result.blocked,
            result.postponed,
        )
    return result


async def _send_each(
    bot: ExtBot[None],
    services: Services,
    reminder: Reminder,
    targets: Iterator[tuple[int, int, Audience]],
    result: BroadcastResult,
    sleep: Sleep,
) -> None:
    """One of the senders: takes the next target from the shared iterator until none is left."""
    for opt_in_id, chat_id, audience in targets:
        claim = await services.reminders.claim(reminder, opt_in_id)
        if claim is None:
            continue  # another run sent it, or is sending it now
        held = Held(claim)
        try:
            sent = await _send_one(
                bot, services, reminder, (opt_in_id, chat_id, audience), held, result, sleep
            )
        except asyncio.CancelledError:
            # Stopped between claiming and sending (another sender failed, the bot is going
            # down): give the claim back, so the next run sends it rather than losing it.
            if held.claim is not None:
                await asyncio.shield(services.reminders.release(reminder, opt_in_id, held.claim))
            raise
        if sent:
            # Recorded even if this round is being stopped: a claim left to run out would
            # have the next run send it again.
            await asyncio.shield(services.reminders.mark_sent(reminder, opt_in_id))
            result.sent += 1


@dataclass
class Held:
    """The claim this sender holds on one reminder (its lease end), or None once given back:
    only the holder can give a claim back, so one sender never frees another's."""

    claim: float | None


async def _send_one(
    bot: ExtBot[None],
    services: Services,
    reminder: Reminder,
    target: tuple[int, int, Audience],
    held: Held,
    result: BroadcastResult,
    sleep: Sleep,
) -> bool:
    """Send one claimed reminder, patiently; True once it went (the caller records it)."""
    opt_in_id, chat_id, audience = target
    view = screens.reminder_view(services.content, audience, reminder.kind, reminder.meeting)
    reminders = services.reminders
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            await send_view(bot, chat_id, view)
        except Forbidden:
            await reminders.forget_blocked(opt_in_id)
            result.blocked += 1
            return False
        except (RetryAfter, NetworkError) as error:
            # Not sent: give the claim back while we wait, so a crash now loses nothing.
            await _give_back(reminders, reminder, opt_in_id, held)
            if isinstance(error, RetryAfter):
                await sleep(retry_seconds(error.retry_after))
            else:
                log.warning("A reminder failed (%s); trying again", type(error).__name__)
                await sleep(min(2.0**attempt, MAX_BACKOFF))
            held.claim = await reminders.claim(reminder, opt_in_id)
            if held.claim is None:
                return False  # someone else sent it meanwhile
            continue
        return True
    await _give_back(reminders, reminder, opt_in_id, held)
    result.postponed += 1
    return False


async def _give_back(
    reminders: RemindersService, reminder: Reminder, opt_in_id: int, held: Held
) -> None:
    claim, held.claim = held.claim, None
    if claim is not None:
        await reminders.release(reminder, opt_in_id, claim)
