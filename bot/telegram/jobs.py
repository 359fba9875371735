"""Jobs: scheduled work on PTB's JobQueue (APScheduler), registered again at every start-up."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from datetime import time, timedelta
from typing import Any

from telegram.error import BadRequest, TelegramError

from bot import screens
from bot.domain import StoreUnavailable
from bot.services.health import HEARTBEAT_EVERY
from bot.services.reminders import CLAIM_LEASE
from bot.telegram.context import BotContext, HeysApp, services_of

log = logging.getLogger(__name__)
Job = Callable[[BotContext], Coroutine[Any, Any, None]]

JOB_HEARTBEAT = "heartbeat"
JOB_REALERT = "urgent_realert"
JOB_REPORT = "pre_meeting_report"
JOB_REMINDERS = "meeting_reminders"
JOB_REMINDERS_SWEEP = "meeting_reminders:sweep"
JOB_DIGEST = "officer_daily_digest"
JOB_PURGE = "retention_purge"
JOB_POST_SWEEP = "officer_post_sweep"
REPORT_AT = time(8, 0)
DIGEST_AT = time(9, 0)
REMINDERS_AT = time(10, 0)
PURGE_AT = time(3, 0)
# Telegram lets a bot delete its own messages for 48 hours; sweep well inside that.
POST_LIFETIME = timedelta(hours=24)
POST_SWEEP_EVERY = timedelta(hours=1)
REMINDERS_SWEEP_EVERY = timedelta(minutes=15)


async def write_heartbeat(context: BotContext) -> None:
    """Every minute: prove the event loop is alive for the container health check, and count
    how long undecided urgent messages have waited (for the board report)."""
    try:
        context.services.heartbeat.beat()
    except OSError as error:
        log.warning("Could not write the heartbeat file: %s", type(error).__name__)
    try:
        await context.services.officers.tick_waits()
    except StoreUnavailable as error:
        log.warning("Could not count urgent messages' waiting time: %s", type(error).__name__)


async def realert_urgent(context: BotContext) -> None:
    """Every few hours: alert again about urgent items no officer has opened."""
    queued = await context.services.officers.queue_realerts()
    if queued:
        log.warning("%d urgent item(s) still not opened; alerting the officers again", queued)
        context.wake_delivery()


async def send_pre_meeting_report(context: BotContext) -> None:
    """Each morning: if a board meeting is N days away, send its report to the officer chat."""
    services = context.services
    meeting = await services.reports.meeting_due_a_report(
        services.content.council.report_days_before
    )
    chat_id = services.access.officer_chat_id
    if meeting is None or chat_id is None:
        return
    from bot.telegram.handlers.reports import send_report

    await send_report(context.bot, chat_id, services, None, None)
    await services.reports.mark_sent(meeting)
    log.info("Sent the board report for the meeting on %s", meeting.isoformat())


async def send_reminders(context: BotContext) -> None:
    """Each morning: the reminders due today, to everyone who asked, once each."""
    from bot.telegram.broadcast import send_due_reminders

    await send_due_reminders(context.bot, context.services)


async def sweep_reminders(context: BotContext) -> None:
    """Every quarter of an hour, from the day's reminder time: anyone still owed today's reminder
    gets it. A sender that died left claims that have run out; with several processes, the one
    that took over never ran the day's job. Sent reminders are recorded: nobody gets one twice."""
    if context.services.reminders.passed_today(REMINDERS_AT):
        await send_reminders(context)


async def send_officer_digest(context: BotContext) -> None:
    """Each morning: yesterday's new items by theme and urgent items not yet opened; no text."""
    services = context.services
    chat_id = services.access.officer_chat_id
    if chat_id is None:
        return
    count, by_theme, unopened = await services.officers.daily_summary()
    if (count == 0 and unopened == 0) or not await services.officers.claim_daily_digest():
        return
    from bot.telegram.handlers.common import send_view

    marks = await services.officers.screen_marks_yesterday()
    view = screens.officer_daily_view(services.content, count, by_theme, unopened, marks)
    try:
        await send_view(context.bot, chat_id, view)
    except TelegramError as error:
        log.warning("Could not send the daily digest: %s", type(error).__name__)


async def purge_expired(context: BotContext) -> None:
    """Each night: delete expired items and opt-ins for good (secure_delete, WAL checkpoint)."""
    services = context.services
    items, opt_ins = await services.store.purge_expired(services.officers.today())
    if items or opt_ins:
        log.info("Retention: deleted %d expired item(s) and %d opt-in(s)", items, opt_ins)


async def sweep_officer_posts(context: BotContext) -> None:
    """Hourly: delete the officer-chat posts that showed a young person's words."""
    officers = context.services.officers
    for post_id, chat_id, message_id in await officers.posts_to_delete(POST_LIFETIME):
        try:
            await context.bot.delete_message(chat_id, message_id)
        except BadRequest:
            pass  # already deleted by an officer, or too old: nothing more we can do
        except TelegramError as error:
            log.warning("Could not delete an officer-chat post yet: %s", type(error).__name__)
            continue
        await officers.forget_post(post_id)


def leader_only(job: Job) -> Job:
    """Run the job only in the process that does the background work, so with several
    processes on one database each report, digest, reminder, re-alert and purge happens once
    (the heartbeat, which is each process's own, runs everywhere)."""

    @functools.wraps(job)
    async def run(context: BotContext) -> None:
        if await context.services.store.leads():
            await job(context)

    return run


def _replace(app: HeysApp, name: str) -> None:
    queue = app.job_queue
    if queue is not None:
        for job in queue.get_jobs_by_name(name):
            job.schedule_removal()


# A missed run after downtime runs once: coalesced, with a day's grace for daily jobs.
_DAILY = {"misfire_grace_time": 86400, "coalesce": True, "max_instances": 1}


CATCH_UP_AFTER = timedelta(seconds=30)  # once the bot has settled after a start
# Reminders wait out a claim's lease too: a process killed while sending them left claims that
# hold that long after it died, and a reminder is due on one day only, so a catch-up before
# they ran out would pass them over and nothing would send them.
REMINDERS_CATCH_UP_AFTER = CATCH_UP_AFTER + CLAIM_LEASE


def catch_up_name(name: str) -> str:
    """The one run, after a start, of a daily job whose time today has passed."""
    return f"{name}:catch-up"


def _passed_today(app: HeysApp, at: time) -> bool:
    """Whether today's time for a daily job is already past, in the scheduler's time zone."""
    queue = app.job_queue
    if queue is None:
        return False
    now = services_of(app).clock().astimezone(queue.scheduler.timezone)
    return now.time() > at


def register_jobs(app: HeysApp) -> None:
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("the job-queue extra of python-telegram-bot is not installed")
    # Beat once now, so the container is healthy as soon as the bot is up.
    services_of(app).heartbeat.beat()
    realert_every = timedelta(hours=services_of(app).content.council.urgent_realert_hours)
    for callback, every, name, grace in (
        (write_heartbeat, HEARTBEAT_EVERY, JOB_HEARTBEAT, 30),
        (leader_only(realert_urgent), realert_every, JOB_REALERT, 3600),
        (leader_only(sweep_officer_posts), POST_SWEEP_EVERY, JOB_POST_SWEEP, 3600),
        (leader_only(sweep_reminders), REMINDERS_SWEEP_EVERY, JOB_REMINDERS_SWEEP, 600),
    ):
        _replace(app, name)
        queue.run_repeating(
            callback,
            interval=every,
            first=every,
            name=name,
            job_kwargs={"misfire_grace_time": grace, "coalesce": True, "max_instances": 1},
        )
    for callback, at, name, settle in (
        (leader_only(send_pre_meeting_report), REPORT_AT, JOB_REPORT, CATCH_UP_AFTER),
        (leader_only(send_officer_digest), DIGEST_AT, JOB_DIGEST, CATCH_UP_AFTER),
        (leader_only(send_reminders), REMINDERS_AT, JOB_REMINDERS, REMINDERS_CATCH_UP_AFTER),
        (leader_only(purge_expired), PURGE_AT, JOB_PURGE, CATCH_UP_AFTER),
    ):
        _replace(app, name)
        queue.run_daily(callback, time=at, name=name, job_kwargs=_DAILY)
        if _passed_today(app, at):
            # Down at its time today (a deploy, a crash): it runs once now, not tomorrow, when
            # a reminder keyed to today would never go. Each of these sends once a day at most
            # (sent reminders are recorded, the digest and report claimed), so a restart after
            # the day's run sends nothing twice.
            when = services_of(app).clock() + settle
            _replace(app, catch_up_name(name))
            queue.run_once(callback, when=when, name=catch_up_name(name), job_kwargs=_DAILY)
