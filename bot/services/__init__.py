"""Services: Telegram-free logic, gathered in one container the app builds at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content import Content
from bot.domain import Clock
from bot.services.access import AccessService
from bot.services.accounts import AccountService
from bot.services.export import ExportService
from bot.services.health import HeartbeatService
from bot.services.intake import IntakeService
from bot.services.limits import CrisisReplyGuard, SubmissionLimiter, UrgentFlood
from bot.services.meetings import MeetingsService
from bot.services.officers import OfficerService
from bot.services.optins import OptInService
from bot.services.reminders import RemindersService
from bot.services.reports import ReportService
from bot.services.status import StatusService
from bot.store import Store


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a handler may call; built once in post_init, read via BotContext.services."""

    content: Content
    clock: Clock
    meetings: MeetingsService
    heartbeat: HeartbeatService
    access: AccessService
    store: Store
    intake: IntakeService
    status: StatusService
    optins: OptInService
    officers: OfficerService
    export: ExportService
    reports: ReportService
    reminders: RemindersService
    limiter: SubmissionLimiter
    code_guesses: SubmissionLimiter
    crisis_guard: CrisisReplyGuard
    urgent_flood: UrgentFlood
    accounts: AccountService
    sign_in_guesses: SubmissionLimiter
