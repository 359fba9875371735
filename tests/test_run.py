"""Running for real: long polling with a restricted allowed_updates list (I-09), backlog kept
(F-05), the heartbeat the container health check reads, and `python -m bot health`."""

from __future__ import annotations

import asyncio
import ctypes
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, run_polling
from bot.config import Settings
from bot.content import Content
from bot.domain import utc_now
from bot.services.health import STALE_AFTER, HeartbeatService
from bot.store import Store
from tests.conftest import NOW, ROOT, TEST_TOKEN, fixed_clock
from tests.fakes import FakeBotApi, UpdateFactory

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores


@pytest.fixture
def polling_loop() -> Iterator[None]:
    """run_polling runs this thread's event loop and closes it at the end, as `python -m bot
    run` does once a process: the next test's run_polling (the same test on the other store)
    must make a loop of its own, not find the closed one."""
    yield
    asyncio.set_event_loop(None)


@pytest.mark.usefixtures("polling_loop")
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


def run_health(
    database: Path, *, busy_ms: int = 5000, command: str = "health", **as_user: Any
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    env["HYS_DATABASE"] = str(database)
    env["HYS_DB_BUSY_TIMEOUT_MS"] = str(busy_ms)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "bot", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **as_user,
    )


def make_database(database: Path) -> None:
    """A real database, set up the way the running bot leaves it, and a fresh heartbeat."""

    async def create() -> None:
        store = await Store.open(database)
        await store.close()

    asyncio.run(create())
    HeartbeatService(database.parent / "heartbeat", utc_now).beat()


def one_plain_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def _drop_file_permission_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def unprivileged() -> dict[str, Any]:
    """File permissions do not bind root; as root the check runs without the capabilities that
    override them, so a read-only file is read-only to it, as for the bot's own user."""
    if os.geteuid() != 0:
        return {}
    try:
        subprocess.run(["true"], preexec_fn=_drop_file_permission_override, check=True)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE")
    return {"preexec_fn": _drop_file_permission_override}


def test_health_command_reads_the_heartbeat(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    (tmp_path / "heartbeat").unlink()
    assert "no heartbeat yet" in one_plain_line(run_health(database))

    HeartbeatService(tmp_path / "heartbeat", utc_now).beat()

    healthy = run_health(database)
    assert healthy.returncode == 0, healthy.stderr
    assert healthy.stderr == ""


def test_health_fails_when_the_database_file_is_missing(tmp_path: Path) -> None:
    HeartbeatService(tmp_path / "heartbeat", utc_now).beat()

    line = one_plain_line(run_health(tmp_path / "have-your-say.sqlite3"))

    assert "the database file is not there" in line
    assert not (tmp_path / "have-your-say.sqlite3").exists()  # the check made no empty file


def test_health_fails_when_the_database_file_is_read_only(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    database.chmod(0o444)

    line = one_plain_line(run_health(database, **unprivileged()))

    assert line.startswith(f"Not healthy: {database}: the database cannot be written")
    assert "readonly" in line


def test_health_fails_when_the_database_folder_is_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    database = folder / "have-your-say.sqlite3"
    make_database(database)
    folder.chmod(0o555)
    try:
        line = one_plain_line(run_health(database, **unprivileged()))
    finally:
        folder.chmod(0o755)

    assert line.startswith(f"Not healthy: {database}: the database cannot be written")
    assert "can write the file and its folder" in line


def test_health_fails_when_the_database_is_damaged(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    with database.open("r+b") as file:  # scribble over a table's page header
        file.seek(4096)
        file.write(b"\xde\xad" * 1000)

    line = one_plain_line(run_health(database))

    assert str(database) in line
    assert "restore a backup" in line


def test_health_fails_when_the_database_is_not_a_database(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    database.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)

    line = one_plain_line(run_health(database))

    assert "the database cannot be read" in line


def test_health_fails_when_another_program_holds_the_database_locked(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    with closing(sqlite3.connect(database, isolation_level=None)) as holder:
        holder.execute("BEGIN EXCLUSIVE")

        line = one_plain_line(run_health(database, busy_ms=200))

        holder.execute("ROLLBACK")
    assert "the database stayed locked for 200 ms" in line
    assert run_health(database).returncode == 0  # the lock is gone: healthy again


def everything_in(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(database)) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(db.execute(f"SELECT * FROM {name}")) for name in names}  # noqa: S608


def test_a_healthy_bot_passes_and_the_probe_touches_only_its_own_key(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    before = everything_in(database)

    result = run_health(database)

    assert result.returncode == 0, result.stderr
    assert "Healthy" in result.stdout
    after = everything_in(database)
    probe = [row for row in after["meta"] if row[0] == "health_probe"]
    assert len(probe) == 1  # the write really was committed
    after["meta"].remove(probe[0])
    assert after == before


def test_jobs_are_registered_with_the_council_s_re_alert_interval(
    settings: Settings, content: Content
) -> None:
    from bot.telegram.jobs import JOB_HEARTBEAT, JOB_REALERT, JOB_REPORT

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


def stale_index(database: Path) -> None:
    """An index that no longer matches its table: rows change while SQLite does not know the
    index exists. Every page still reads; only the full integrity check can tell."""
    with sqlite3.connect(database) as db:
        name, root, sql = db.execute(
            "SELECT name, rootpage, sql FROM sqlite_master WHERE name = 'items_expiry'"
        ).fetchone()
        db.execute("PRAGMA writable_schema = ON")
        db.execute("DELETE FROM sqlite_master WHERE name = ?", (name,))
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO items (kind, audience, text, created_on, expires_on, receipt_hash) "
            "VALUES ('feedback', 'in_care', 'x', '2026-11-01', '2027-11-01', x'01')"
        )
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA writable_schema = ON")
        db.execute(
            "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) "
            "VALUES ('index', ?, 'items', ?, ?)",
            (name, root, sql),
        )


def test_check_db_runs_the_full_integrity_check_that_start_up_leaves_out(tmp_path: Path) -> None:
    database = tmp_path / "have-your-say.sqlite3"
    make_database(database)
    good = run_health(database, command="check-db")
    assert good.returncode == 0, good.stderr
    assert "passed SQLite's full integrity check" in good.stdout

    stale_index(database)

    assert run_health(database).returncode == 0  # start-up's quick check cannot see it
    line = one_plain_line(run_health(database, command="check-db"))
    assert "failed its integrity check; restore from a backup" in line


@pytest.mark.usefixtures("polling_loop")
def test_run_serves_the_web_chat_beside_the_bot_on_the_same_services(
    settings: Settings, content: Content
) -> None:
    """`run` with HYS_WEB_PORT: one process, one event loop, the same services. A disclosure
    on the web reaches the officers through the bot's own delivery worker at once."""
    import httpx

    from bot.telegram.fakebot import free_port
    from tests.conftest import OFFICER_CHAT_ID
    from tests.test_web import disclose
    from tests.webclient import Visitor

    port = free_port()
    token = Settings(bot_token=TEST_TOKEN).bot_token
    settings = settings.model_copy(update={"bot_token": token, "web_port": port})
    api = FakeBotApi()
    app = build_application(settings, content, request=api, rate_limit=False, web=True)
    outcome: dict[str, Any] = {}

    def alerted() -> bool:
        return any(
            "URGENT" in c.text and c.chat_id == OFFICER_CHAT_ID
            for c in api.calls_to("sendMessage")
        )

    async def visit() -> None:
        try:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}", follow_redirects=True
            ) as client:
                for _ in range(100):  # the server starts beside the bot
                    try:
                        await client.get("/healthz")
                        break
                    except httpx.TransportError:
                        await asyncio.sleep(0.05)
                outcome["page"] = await disclose(Visitor(client))
            for _ in range(200):
                if alerted():
                    break
                await asyncio.sleep(0.05)
        finally:
            app.stop_running()

    def start_visit() -> None:
        if "task" not in outcome:
            outcome["task"] = asyncio.get_running_loop().create_task(visit())

    api.on_get_updates = start_visit
    run_polling(app, install_signal_handlers=False)

    assert outcome["page"].sections[0] == "crisis"
    assert alerted()


@pytest.mark.parametrize("command", [["web"], ["demo", "--web"]], ids=["web", "demo-web"])
async def test_the_web_commands_serve_the_chat_from_the_environment(
    tmp_path: Path, command: list[str]
) -> None:
    """`python -m bot web` (no token) and `demo --web`, configured by HYS_WEB_LISTEN,
    HYS_WEB_PORT and HYS_WEB_BASE_URL; SIGTERM stops them cleanly."""
    import httpx

    from bot.telegram.fakebot import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")} | {
        "HYS_WEB_LISTEN": "127.0.0.1",
        "HYS_WEB_PORT": str(port),
        "HYS_WEB_BASE_URL": "https://chat.example",
        "HYS_DATABASE": str(tmp_path / "web.sqlite3"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *command,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                try:
                    page = await client.get(f"http://127.0.0.1:{port}/")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
    finally:
        process.terminate()
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert page.status_code == 200
    assert 'data-screen="start"' in page.text
    assert "Secure" in page.headers["set-cookie"]  # HYS_WEB_BASE_URL is https
    assert f"http://127.0.0.1:{port}/" in out.decode()
    # The demo gives a throw-away officer account to try the console with; the real one never.
    assert ("/console/setup/" in out.decode()) == (command == ["demo", "--web"])
    assert process.returncode == 0, err.decode()[-2000:]


async def test_the_console_can_have_its_own_address_away_from_the_web_chat(
    tmp_path: Path,
) -> None:
    """HYS_CONSOLE_PORT: the console only there (e.g. the council's internal network), and
    not beside the web chat; both stop on SIGTERM."""
    import httpx

    from bot.telegram.fakebot import free_port

    port, console_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")} | {
        "HYS_WEB_PORT": str(port),
        "HYS_CONSOLE_LISTEN": "127.0.0.1",
        "HYS_CONSOLE_PORT": str(console_port),
        "HYS_DATABASE": str(tmp_path / "web.sqlite3"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "web",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                try:
                    await client.get(f"http://127.0.0.1:{console_port}/healthz")
                    await client.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            chat = f"http://127.0.0.1:{port}"
            console = f"http://127.0.0.1:{console_port}"
            not_here = await client.get(f"{chat}/console/sign-in")
            sign_in = await client.get(f"{console}/console/sign-in")
            home = await client.get(f"{console}/")
            no_chat = await client.get(f"{console}/go/menu")
            menu = await client.get(f"{chat}/go/menu")
    finally:
        process.terminate()
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert not_here.status_code == 404
    assert sign_in.status_code == 200
    assert "Sign in" in sign_in.text
    assert home.status_code == 303
    assert home.headers["location"] == "/console"
    assert no_chat.status_code == 404
    assert menu.status_code == 200
    assert f"http://127.0.0.1:{console_port}/console" in out.decode()
    assert process.returncode == 0, err.decode()[-2000:]


def test_migrate_brings_a_database_up_to_this_versions_schema(tmp_path: Path) -> None:
    from bot.store import MIGRATIONS
    from tests.test_store_heard import AS_SCHEMA_8

    database = tmp_path / "have-your-say.sqlite3"
    first = run_health(database, command="migrate")
    again = run_health(database, command="migrate")
    with closing(sqlite3.connect(database)) as db:  # as a schema-8 database had it
        db.executescript(AS_SCHEMA_8)
    older = run_health(database, command="migrate")
    with closing(sqlite3.connect(database)) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    newer = run_health(database, command="migrate")

    latest = len(MIGRATIONS)
    assert first.returncode == 0, first.stderr
    assert f"schema {latest}: {latest} migration(s) applied now" in first.stdout
    assert f"schema {latest}: 0 migration(s) applied now" in again.stdout
    assert f"schema {latest}: {latest - 8} migration(s) applied now" in older.stdout
    assert newer.returncode == 1
    assert "Not migrated" in newer.stderr
