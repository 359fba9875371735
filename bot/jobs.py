"""Jobs: scheduled work on PTB's JobQueue (APScheduler), registered again at every start-up."""

from __future__ import annotations

import logging
from datetime import time, timedelta

from bot.context import BotContext, HeysApp, services_of
from bot.services.health import HEARTBEAT_EVERY

log = logging.getLogger(__name__)

JOB_HEARTBEAT = "heartbeat"
JOB_REALERT = "urgent_realert"
JOB_REPORT = "pre_meeting_report"
REPORT_AT = time(8, 0)


async def write_heartbeat(context: BotContext) -> None:
    """Every minute: prove the event loop is alive for the container health check."""
    try:
        context.services.heartbeat.beat()
    except OSError as error:
        log.warning("Could not write the heartbeat file: %s", type(error).__name__)


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
    from bot.handlers.reports import send_report

    await send_report(context.bot, chat_id, services, None, None)
    await services.reports.mark_sent(meeting)
    log.info("Sent the board report for the meeting on %s", meeting.isoformat())


def register_jobs(app: HeysApp) -> None:
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("the job-queue extra of python-telegram-bot is not installed")
    # Beat once now, so the container is healthy as soon as the bot is up.
    services_of(app).heartbeat.beat()
    for job in queue.get_jobs_by_name(JOB_HEARTBEAT):
        job.schedule_removal()
    queue.run_repeating(
        write_heartbeat,
        interval=HEARTBEAT_EVERY,
        first=HEARTBEAT_EVERY,
        name=JOB_HEARTBEAT,
        job_kwargs={"misfire_grace_time": 30, "coalesce": True, "max_instances": 1},
    )
    realert_every = timedelta(hours=services_of(app).content.council.urgent_realert_hours)
    for job in queue.get_jobs_by_name(JOB_REALERT):
        job.schedule_removal()
    queue.run_repeating(
        realert_urgent,
        interval=realert_every,
        first=realert_every,
        name=JOB_REALERT,
        job_kwargs={"misfire_grace_time": 3600, "coalesce": True, "max_instances": 1},
    )
    for job in queue.get_jobs_by_name(JOB_REPORT):
        job.schedule_removal()
    # Daily; after downtime a missed morning still runs once (coalesced, a day's grace).
    queue.run_daily(
        send_pre_meeting_report,
        time=REPORT_AT,
        name=JOB_REPORT,
        job_kwargs={"misfire_grace_time": 86400, "coalesce": True, "max_instances": 1},
    )
