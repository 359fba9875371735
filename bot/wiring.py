"""Wiring the services: one place, free of any channel, that the Telegram bot, the web chat
and the command line all build their services from."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.content import Content
from bot.domain import Clock
from bot.services import Services
from bot.services.access import AccessService
from bot.services.accounts import AccountService
from bot.services.export import ExportService
from bot.services.health import HeartbeatService
from bot.services.intake import IntakeService
from bot.services.limits import CrisisReplyGuard, SubmissionLimiter, UrgentFlood
from bot.services.meetings import MeetingsService
from bot.services.officers import OfficerService
from bot.services.optins import OptInService
from bot.services.receipts import ReceiptCodes
from bot.services.reminders import RemindersService
from bot.services.reports import ReportService
from bot.services.screening import Screener
from bot.services.status import StatusService
from bot.store import open_store

RECEIPT_KEY = "receipt_key"
# Kept in the store's meta table by the Telegram delivery worker when the officer group
# becomes a supergroup.
MIGRATED_KEY = "officer_chat_migrated"
WRONG_CODES_PER_HOUR = 10
WRONG_CODES_PER_DAY = 30
# Past this many urgent items an hour from one person, more fold into their latest one.
URGENT_ITEMS_PER_HOUR = 3
SIGN_INS_PER_HOUR = 20
SIGN_INS_PER_DAY = 60


async def build_services(settings: Settings, content: Content, clock: Clock) -> Services:
    """Open the store and wire every service; the store is the only thing that needs closing."""
    store = await open_store(settings)
    codes = ReceiptCodes(await store.get_or_create_secret(RECEIPT_KEY))
    zone, council = settings.zone, content.council
    screener = Screener.from_content(content)
    access = AccessService(settings.officer_chat_id, frozenset(settings.officer_ids))
    meetings = MeetingsService(content.meetings, clock, zone)
    migrated = await store.get_meta(MIGRATED_KEY)
    if migrated:  # the officer group became a supergroup while we were running before
        old, _, new = migrated.partition(":")
        access.follow_migration(int(old), int(new))
    return Services(
        content=content,
        clock=clock,
        meetings=meetings,
        heartbeat=HeartbeatService(heartbeat_path(settings), clock),
        access=access,
        store=store,
        intake=IntakeService(store, screener, codes, clock, zone, council.retention_days),
        status=StatusService(store, codes, clock, zone),
        optins=OptInService(
            store,
            clock,
            zone,
            answer_days=council.answer_opt_in_days,
            contact_days=council.contact_opt_in_days,
        ),
        officers=OfficerService(store, access, clock, zone, {t.id for t in content.themes.themes}),
        export=ExportService(store, content.themes.labels()),
        reports=ReportService(store, content, meetings, clock, zone),
        reminders=RemindersService(store, meetings, clock, zone, council.reminder_opt_in_days),
        limiter=SubmissionLimiter(council.messages_per_hour, council.messages_per_day, clock),
        # Wrong receipt codes: a few an hour per person makes guessing a 46-bit code hopeless.
        code_guesses=SubmissionLimiter(WRONG_CODES_PER_HOUR, WRONG_CODES_PER_DAY, clock),
        crisis_guard=CrisisReplyGuard(clock),
        urgent_flood=UrgentFlood(URGENT_ITEMS_PER_HOUR, clock),
        accounts=AccountService(store, clock, zone),
        # Failed console sign-ins from one source (besides each account's own lock).
        sign_in_guesses=SubmissionLimiter(SIGN_INS_PER_HOUR, SIGN_INS_PER_DAY, clock),
    )


def heartbeat_path(settings: Settings) -> Path:
    return settings.database.parent / "heartbeat"
