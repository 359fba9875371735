"""App: builds the PTB Application — wiring, lifecycle hooks, jobs — and runs it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions, Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot import handlers
from bot.config import Settings, quiet_noisy_loggers
from bot.content import Content
from bot.context import SERVICES_KEY, BotContext, HeysApp
from bot.domain import Clock, utc_now
from bot.jobs import register_jobs
from bot.services import Services
from bot.services.access import AccessService
from bot.services.health import HeartbeatService
from bot.services.meetings import MeetingsService

log = logging.getLogger(__name__)

# Only what a journey handles; edited messages, channel posts, polls, reactions and inline
# queries are never even delivered.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]

# The demo and tests run offline; this is not a real token and never reaches Telegram.
OFFLINE_TOKEN = "123456789:offline-demo-token-not-a-real-one"  # noqa: S105


def build_services(settings: Settings, content: Content, clock: Clock) -> Services:
    heartbeat_path = settings.database.parent / "heartbeat"
    return Services(
        content=content,
        meetings=MeetingsService(content.meetings, clock, settings.zone),
        heartbeat=HeartbeatService(heartbeat_path, clock),
        access=AccessService(settings.officer_chat_id, frozenset(settings.officer_ids)),
        clock=clock,
    )


def build_application(
    settings: Settings,
    content: Content,
    *,
    request: BaseRequest | None = None,
    clock: Clock = utc_now,
    rate_limit: bool = True,
    jobs: bool = True,
) -> HeysApp:
    """The real Application; tests and the demo pass a fake `request` and skip rate limiting."""
    quiet_noisy_loggers()
    token = settings.bot_token.get_secret_value() if settings.bot_token else OFFLINE_TOKEN

    async def post_init(app: HeysApp) -> None:
        app.bot_data[SERVICES_KEY] = build_services(settings, content, clock)
        await app.bot.set_my_commands(_commands(content), scope=BotCommandScopeAllPrivateChats())
        if jobs:
            register_jobs(app)

    async def post_shutdown(app: HeysApp) -> None:
        app.bot_data.pop(SERVICES_KEY, None)

    # The builder's generic types shift with each option; the result is checked as HeysApp.
    builder: Any = (
        ApplicationBuilder()
        .token(token)
        .context_types(ContextTypes(context=BotContext))
        .defaults(
            Defaults(
                tzinfo=settings.zone, link_preview_options=LinkPreviewOptions(is_disabled=True)
            )
        )
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter())
    app: HeysApp = builder.build()
    handlers.register(app)
    return app


def _commands(content: Content) -> list[BotCommand]:
    t = content.texts
    return [
        BotCommand("start", t.command_start),
        BotCommand("menu", t.command_menu),
        BotCommand("help", t.command_help),
        BotCommand("privacy", t.command_privacy),
    ]


def run_polling(app: HeysApp, *, install_signal_handlers: bool = True) -> None:
    """Long polling. Pending updates are never dropped: messages sent while we were down count."""
    log.info("Starting long polling")
    kwargs: dict[str, Any] = {} if install_signal_handlers else {"stop_signals": None}
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, **kwargs)


@asynccontextmanager
async def offline(app: HeysApp) -> AsyncIterator[HeysApp]:
    """Run the lifecycle hooks without polling: for the demo and for tests via process_update."""
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        yield app
    finally:
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
