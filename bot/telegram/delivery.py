"""Delivery: a worker that empties the outbox — officer alerts (never the message text) and
answers to the young people who asked to be told.

At least once and never lost: a row leaves the outbox only after Telegram accepted the message,
so a crash or restart in the middle simply delivers it again. Each round claims the rows it will
send for a while (CLAIM_LEASE; on PostgreSQL with FOR UPDATE SKIP LOCKED), so another process
delivering at the same moment, as can happen for a few seconds while the lead passes between
processes, never sends the same alert. Urgent first. Backs off on network
errors and 5xx, waits as long as Telegram's RetryAfter says, follows the officer group to its new
id if it became a supergroup, and stops trying (loudly in the log, never in a tight loop) if the
bot was removed from the officer chat. At most `per_minute` messages a minute go to the officer
chat; a burst of ordinary items becomes one digest, so urgent alerts are never stuck behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from collections.abc import Sequence

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot import screens
from bot.domain import Item, OptInKind, OutboxRow
from bot.screens import Screen
from bot.services import Services
from bot.telegram.handlers.common import retry_seconds, send_view
from bot.wiring import MIGRATED_KEY

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300.0
UNREACHABLE_PAUSE_SECONDS = 600.0
DIGEST_WHEN_MORE_THAN = 3
DIGEST_SIZE = 30


class OfficerChatUnreachable(Exception):
    """The bot was removed from the officer chat, or it no longer exists."""


class DeliveryWorker:
    """One per app. `deliver_due()` does one round; `run()` loops until cancelled."""

    def __init__(self, bot: Bot, services: Services, *, per_minute: int = 20) -> None:
        self._bot = bot
        self._services = services
        self._per_minute = per_minute
        self._sent_at: deque[float] = deque()
        self._not_before: dict[int, float] = {}
        self._attempts: dict[int, int] = {}
        self._paused_until = 0.0
        self.unreachable = False
        self._wake = asyncio.Event()
        # Who claims outbox rows (a lease in the database): never two deliverers for one row.
        self.claimer = secrets.token_hex(8)

    def _now(self) -> float:
        return self._services.clock().timestamp()

    def wake(self) -> None:
        """Something new is in the outbox: deliver now rather than at the next tick."""
        self._wake.set()

    async def run(self, tick: float = 5.0) -> None:
        # Only a database other processes share can have alerts this process did not store.
        listening = asyncio.create_task(self._listen()) if self._services.store.shared else None
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=tick)
                self._wake.clear()
                try:
                    await self.deliver_due()
                except Exception as error:  # the worker must outlive any one failure
                    log.error("Outbox delivery round failed: %s", type(error).__name__)
        finally:
            if listening is not None:
                listening.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listening

    async def _listen(self, within: float = 1.0) -> None:
        """Another process sharing the database stored an alert: deliver now, not at the next
        tick (PostgreSQL's LISTEN/NOTIFY; on SQLite this only waits)."""
        while True:
            try:
                if await self._services.store.outbox_added(within):
                    self.wake()
            except Exception as error:  # never let the listener take the worker down
                log.warning("Outbox listener: %s", type(error).__name__)
                await asyncio.sleep(within)

    # -- one round ---------------------------------------------------------------------------

    async def deliver_due(self) -> int:
        """Deliver what is due now. Returns how many outbox rows were delivered."""
        now = self._now()
        if now < self._paused_until or not await self._services.store.leads():
            return 0  # paused, or another process sharing the database delivers
        rows = [
            r
            for r in await self._services.store.claim_outbox(self.claimer, now, limit=500)
            if self._not_before.get(r.id, 0.0) <= now
        ]
        delivered = 0
        try:
            to_young_people = {"answer", "team_reply"}
            officer_rows = [r for r in rows if r.kind not in to_young_people]
            delivered += await self._deliver_to_officers(officer_rows)
            for row in (r for r in rows if r.kind == "answer"):
                delivered += await self._deliver_answer(row)
            for row in (r for r in rows if r.kind == "team_reply"):
                delivered += await self._deliver_team_reply(row)
        except RetryAfter as error:
            wait = retry_seconds(error.retry_after)
            self._paused_until = self._now() + wait
            log.warning("Telegram asked us to wait %.0f s before sending more", wait)
        except OfficerChatUnreachable:
            self.unreachable = True
            self._paused_until = self._now() + UNREACHABLE_PAUSE_SECONDS
            log.error(
                "The officer chat cannot be reached (bot removed or chat gone); alerts are "
                "kept in the outbox and will be retried in %d minutes",
                UNREACHABLE_PAUSE_SECONDS // 60,
            )
        return delivered

    async def _deliver_to_officers(self, rows: Sequence[OutboxRow]) -> int:
        delivered = 0
        urgent = [r for r in rows if r.urgent]
        normal = [r for r in rows if not r.urgent]
        for row in urgent:  # one message each, always first
            if not self._budget_left():
                return delivered
            delivered += await self._send_alert(row)
        if len(normal) > DIGEST_WHEN_MORE_THAN:
            for start in range(0, len(normal), DIGEST_SIZE):
                if not self._budget_left():
                    return delivered
                delivered += await self._send_digest(normal[start : start + DIGEST_SIZE])
            return delivered
        for row in normal:
            if not self._budget_left():
                return delivered
            delivered += await self._send_alert(row)
        return delivered

    def _budget_left(self) -> bool:
        now = self._now()
        while self._sent_at and now - self._sent_at[0] >= 60:
            self._sent_at.popleft()
        return len(self._sent_at) < self._per_minute

    async def _item_or_drop(self, row: OutboxRow) -> Item | None:
        item = await self._services.store.get_item(row.item_id)
        if item is None:  # deleted by the young person before we got to it
            await self._services.store.mark_delivered([row.id])
        return item

    async def _send_alert(self, row: OutboxRow) -> int:
        item = await self._item_or_drop(row)
        if item is None:
            return 0
        view = screens.officer_alert_view(
            self._services.content,
            item,
            realert=row.kind == "realert",
            contact=row.kind == "contact",
            reply=row.kind == "reply",
        )
        if await self._to_officer_chat(view, [row]):
            await self._services.store.mark_delivered([row.id])
            return 1
        return 0

    async def _send_digest(self, rows: Sequence[OutboxRow]) -> int:
        items = [i for i in [await self._item_or_drop(r) for r in rows] if i is not None]
        live = [r for r in rows if any(i.id == r.item_id for i in items)]
        if not items:
            return 0
        if await self._to_officer_chat(
            screens.officer_digest_view(self._services.content, items), live
        ):
            await self._services.store.mark_delivered([r.id for r in live])
            return len(live)
        return 0

    async def _to_officer_chat(self, view: Screen, rows: Sequence[OutboxRow]) -> bool:
        access = self._services.access
        chat_id = access.officer_chat_id
        if chat_id is None:
            return False
        try:
            await send_view(self._bot, chat_id, view)
        except ChatMigrated as error:
            await self.follow_migration(chat_id, error.new_chat_id)
            return False  # delivered next round, to the new id
        except Forbidden as error:
            raise OfficerChatUnreachable from error
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                raise OfficerChatUnreachable from error
            raise
        except RetryAfter:
            raise
        except NetworkError as error:  # timeouts, connection errors and 5xx
            self._back_off(rows, type(error).__name__)
            return False
        self._sent_at.append(self._now())
        self.unreachable = False
        for row in rows:
            self._forget(row.id)
        return True

    async def _deliver_answer(self, row: OutboxRow) -> int:
        """Send the answer once to each person who asked, then forget their chat id."""
        store, content = self._services.store, self._services.content
        item = await self._item_or_drop(row)
        if item is None:
            return 0
        for opt_in_id, chat_id in await store.list_opt_in_chats(OptInKind.ANSWER, item.id):
            view = screens.answer_push_view(content, item.audience, item)
            try:
                await send_view(self._bot, chat_id, view)
            except Forbidden:
                log.info("Someone who asked for an answer has blocked the bot; forgetting them")
            except RetryAfter:
                raise
            except NetworkError as error:
                self._back_off([row], type(error).__name__)
                return 0
            await store.delete_opt_in(opt_in_id)
        await store.mark_delivered([row.id])
        self._forget(row.id)
        return 1

    async def _deliver_team_reply(self, row: OutboxRow) -> int:
        """A reply written in the console, sent once to the "message me here" chat (never
        shown to the officer). Dropped if the item, the reply or the request is gone."""
        store = self._services.store
        text = await store.reply_text(row.reply_id) if row.reply_id is not None else None
        chat_id, _, audience = await store.get_contact_request(row.item_id)
        if text is not None and chat_id is not None:
            view = screens.officer_reply_push_view(self._services.content, audience, text)
            try:
                await send_view(self._bot, chat_id, view)
            except Forbidden:
                log.info("Someone who asked to be messaged has blocked the bot")
            except RetryAfter:
                raise
            except NetworkError as error:
                self._back_off([row], type(error).__name__)
                return 0
        await store.mark_delivered([row.id])
        self._forget(row.id)
        return 1

    def _back_off(self, rows: Sequence[OutboxRow], reason: str) -> None:
        for row in rows:
            attempts = self._attempts.get(row.id, 0) + 1
            self._attempts[row.id] = attempts
            self._not_before[row.id] = self._now() + min(2.0**attempts, MAX_BACKOFF_SECONDS)
        log.warning("Delivery failed (%s); will retry with backoff", reason)

    def _forget(self, row_id: int) -> None:
        self._attempts.pop(row_id, None)
        self._not_before.pop(row_id, None)

    async def follow_migration(self, old_chat_id: int, new_chat_id: int) -> bool:
        """The officer group became a supergroup: use the new id from now on, and remember it."""
        if not self._services.access.follow_migration(old_chat_id, new_chat_id):
            return False
        await self._services.store.set_meta(MIGRATED_KEY, f"{old_chat_id}:{new_chat_id}")
        log.warning("The officer chat moved to a new id; set HYS_OFFICER_CHAT_ID to match")
        return True
