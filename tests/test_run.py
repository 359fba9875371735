"""Running for real: long polling with a restricted allowed_updates list (I-09), backlog kept
(F-05), the heartbeat the container health check reads, and `python -m bot health`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.app import build_application, run_polling
from bot.config import Settings
from bot.content import Content
from bot.domain import utc_now
from bot.services.health import STALE_AFTER, HeartbeatService
from tests.conftest import NOW, ROOT, TEST_TOKEN, fixed_clock
from tests.fakes import FakeBotApi, UpdateFactory


def test_polling_asks_only_for_handled_updates_and_processes_the_backlog(
    settings: Settings, content: Content
) -> None:
    settings = settings.model_copy(update={"bot_token": Settings(bot_token=TEST_TOKEN).bot_token})
    api = FakeBotApi()
    api.updates.append(UpdateFactory().text("/start"))  # sent while the bot was down
    app = build_application(settings, content, request=api, clock=fixed_clock, rate_limit=False)
    polls = []

    def stop_after_backlog() -> None:
        # Once the backlog has been fetched and the next poll comes, stop from the running loop.
        polls.append(1)
        if len(polls) == 2:
            asyncio.get_running_loop().call_later(0.2, app.stop_running)

    api.on_get_updates = stop_after_backlog

    run_polling(app, install_signal_handlers=False)

    get_updates = api.calls_to("getUpdates")
    assert get_updates
    assert get_updates[0].params["allowed_updates"] == [
        "message",
        "edited_message",  # a disclosure added in an edit is screened too
        "callback_query",
        "my_chat_member",
    ]
    for call in api.calls_to("deleteWebhook"):
        assert call.params.get("drop_pending_updates") in (None, False)
    assert any("welcome" in c.text.lower() for c in api.calls_to("sendMessage"))
    assert (settings.database.parent / "heartbeat").exists()  # the heartbeat job ran


def test_heartbeat_goes_stale_when_the_loop_stops(tmp_path: Path) -> None:
    now = [NOW]
    heartbeat = HeartbeatService(tmp_path / "heartbeat", lambda: now[0])
    assert not heartbeat.is_fresh()  # never beaten

    heartbeat.beat()
    assert heartbeat.is_fresh()

    now[0] = NOW + STALE_AFTER + timedelta(seconds=1)
    assert not heartbeat.is_fresh()


def run_health(database: Path) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    env["HYS_DATABASE"] = str(database)
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"], cwd=ROOT, env=env, timeout=60, check=False
    ).returncode


def test_health_command_reads_the_heartbeat(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    assert run_health(database) == 1

    HeartbeatService(tmp_path / "heartbeat", utc_now).beat()

    assert run_health(database) == 0


def test_jobs_are_registered_with_the_council_s_re_alert_interval(
    settings: Settings, content: Content
) -> None:
    from bot.jobs import JOB_HEARTBEAT, JOB_REALERT, JOB_REPORT

    api = FakeBotApi()
    app = build_application(settings, content, request=api, clock=fixed_clock, rate_limit=False)

    async def start_and_look() -> dict[str, object]:
        await app.initialize()
        try:
            assert app.post_init is not None
            await app.post_init(app)
            assert app.job_queue is not None
            return {job.name: job.trigger for job in app.job_queue.jobs() if job.name}
        finally:
            await app.shutdown()
            assert app.post_shutdown is not None
            await app.post_shutdown(app)

    triggers = asyncio.run(start_and_look())

    realert, heartbeat = triggers[JOB_REALERT], triggers[JOB_HEARTBEAT]
    assert realert.interval.total_seconds() == content.council.urgent_realert_hours * 3600  # type: ignore[attr-defined]
    assert heartbeat.interval.total_seconds() == 60  # type: ignore[attr-defined]
    assert "hour='8'" in str(triggers[JOB_REPORT])
