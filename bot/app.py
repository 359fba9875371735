"""App: builds the PTB Application — wiring, lifecycle hooks, jobs — and runs it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings, quiet_noisy_loggers
from bot.content import Content
from bot.domain import Clock, utc_now
from bot.services import Services
from bot.telegram import handlers
from bot.telegram.context import CRISIS_KEY, DELIVERY_KEY, SERVICES_KEY, BotContext, HeysApp
from bot.telegram.crisis_lane import CrisisLane
from bot.telegram.delivery import DeliveryWorker
from bot.telegram.jobs import register_jobs
from bot.telegram.ordering import OneAtATimePerChat
from bot.telegram.pacing import (
    OVERALL_LIMIT,
    OVERALL_PER_SECOND,
    ClockRateLimiter,
    SendClock,
)
from bot.wiring import build_services

log = logging.getLogger(__name__)

WORKER_TASK_KEY = "delivery_task"

# Only what a journey handles; channel posts, polls, reactions and inline queries are never even
# delivered. Edited messages are, so that a disclosure added in an edit is still screened.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]

# The demo and tests run offline; this is not a real token and never reaches Telegram.
OFFLINE_TOKEN = "123456789:offline-demo-token-not-a-real-one"  # noqa: S105


WEB_KEY = "web_server"


def start_web(
    settings: Settings, services: Services, bot: Bot, worker: DeliveryWorker
) -> tuple[Any, asyncio.Task[None]]:
    """Serve the web chat beside the bot: its alerts wake the same delivery worker, and a
    message deleted on the web takes the officers' copy out of Telegram too."""
    from bot.web.serve import web_chat, web_servers

    async def delete_posts(posts: list[tuple[int, int]]) -> None:
        for chat_id, post in posts:
            try:
                await bot.delete_message(chat_id, post)
            except TelegramError as error:
                log.info("An officer post could not be deleted: %s", type(error).__name__)

    chat = web_chat(settings, services, wake=worker.wake, delete_posts=delete_posts)
    web_server = web_servers(chat, settings)
    return web_server, asyncio.create_task(web_server.serve())


async def stop_web(web_server: Any, task: asyncio.Task[None]) -> None:
    web_server.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await task


def build_application(
    settings: Settings,
    content: Content,
    *,
    request: BaseRequest | None = None,
    clock: Clock = utc_now,
    rate_limit: bool = True,
    jobs: bool = True,
    web: bool = False,
) -> HeysApp:
    """The real Application; tests and the demo pass a fake `request` and skip rate limiting."""
    quiet_noisy_loggers()
    token = settings.bot_token.get_secret_value() if settings.bot_token else OFFLINE_TOKEN

    async def post_init(app: HeysApp) -> None:
        services = await build_services(settings, content, clock)
        app.bot_data[SERVICES_KEY] = services
        worker = DeliveryWorker(app.bot, services)
        app.bot_data[DELIVERY_KEY] = worker
        # Crisis replies get their own Bot: no rate limiter, own connections (see crisis_lane).
        lane_bot = Bot(
            token,
            base_url=settings.telegram_base_url or "https://api.telegram.org/bot",
            request=request or HTTPXRequest(connection_pool_size=4),
        )
        await lane_bot.initialize()
        app.bot_data[CRISIS_KEY] = CrisisLane(lane_bot, services.crisis_guard)
        await app.bot.set_my_commands(_commands(content), scope=BotCommandScopeAllPrivateChats())
        if jobs:
            await asyncio.to_thread(services.intake.warm_up)
            register_jobs(app)
            app.bot_data[WORKER_TASK_KEY] = asyncio.create_task(worker.run())
        if web:  # the web chat, in this same event loop, on the same services
            app.bot_data[WEB_KEY] = start_web(settings, services, app.bot, worker)

    async def post_shutdown(app: HeysApp) -> None:
        served = app.bot_data.pop(WEB_KEY, None)
        if served is not None:
            await stop_web(*served)
        task = app.bot_data.pop(WORKER_TASK_KEY, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        worker = app.bot_data.pop(DELIVERY_KEY, None)
        lane = app.bot_data.pop(CRISIS_KEY, None)
        if isinstance(lane, CrisisLane):
            await lane.close()
            if request is None:  # a shared test request is shut down by the app itself
                await lane.bot.shutdown()
        services = app.bot_data.pop(SERVICES_KEY, None)
        if services is not None and isinstance(worker, DeliveryWorker):
            try:  # what this process claimed and did not send: another process's at once
                await services.store.release_outbox(worker.claimer)
            except Exception as error:  # the database is gone: the claims simply expire
                log.warning("Could not give back outbox claims: %s", type(error).__name__)
        if services is not None:
            # An unclosed aiosqlite connection keeps a thread alive and hangs the exit.
            await services.store.close()

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
        .concurrent_updates(OneAtATimePerChat())  # one chat at a time; chats side by side
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limit:
        builder = builder.rate_limiter(smooth_rate_limiter(max(1, len(settings.peers))))
    app: HeysApp = builder.build()
    handlers.register(app)
    return app


def smooth_rate_limiter(processes: int = 1) -> ClockRateLimiter:
    """About 30 messages a second overall, on a clock (see pacing), 20 a minute per group;
    after a 429, wait as told and try again, a few times. Several processes of one bot
    (HYS_PEERS) share Telegram's limit for the bot: each keeps to its own share of it."""
    clock = SendClock(OVERALL_PER_SECOND / processes, limit=max(1, OVERALL_LIMIT // processes))
    return ClockRateLimiter(clock, max_retries=3)


def _commands(content: Content) -> list[BotCommand]:
    t = content.texts
    return [
        BotCommand("start", t.command_start),
        BotCommand("menu", t.command_menu),
        BotCommand("help", t.command_help),
        BotCommand("privacy", t.command_privacy),
        BotCommand("cancel", t.command_cancel),
        BotCommand("status", t.command_status),
        BotCommand("delete", t.command_delete),
        BotCommand("remind", t.command_remind),
        BotCommand("forget", t.command_forget),
    ]
    # Officer commands (/queue, /view, /answer, /wedid, /export, /report) are not advertised
    # to young people; officers find them in the README.


def run_polling(app: HeysApp, *, install_signal_handlers: bool = True) -> None:
    """Long polling. Pending updates are never dropped: messages sent while we were down count.
    SIGTERM stops intake, lets the current update finish, stops the outbox worker and jobs, and
    closes the database (PTB's run_polling calls our post_shutdown)."""
    log.info("Starting long polling")
    kwargs: dict[str, Any] = {} if install_signal_handlers else {"stop_signals": None}
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, **kwargs)


def run_polling_many(apps: list[HeysApp]) -> None:
    """Long polling for several councils' bots in one event loop (councils.yaml): each bot is
    started as run_polling starts one, and on SIGTERM or SIGINT each stops as it would."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await poll_many(apps, stop)

    log.info("Starting long polling for %d councils", len(apps))
    asyncio.run(main())


async def poll_many(apps: list[HeysApp], stop: asyncio.Event) -> None:
    started: list[HeysApp] = []
    try:
        for app in apps:
            await app.initialize()
            started.append(app)
            if app.post_init is not None:
                await app.post_init(app)
            if app.updater is None:  # the builder always makes one
                raise RuntimeError("an application without an updater cannot poll")
            await app.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
            )
            await app.start()
        await stop.wait()
    finally:
        for app in reversed(started):
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            await stop_app(app)


async def stop_app(app: HeysApp) -> None:
    """Stop a started (or half-started) app as PTB would: jobs and handlers, then shutdown."""
    if app.running:
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


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
