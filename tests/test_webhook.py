"""Webhook hardening (A-03, L-06): the real bot in webhook mode in its own process refuses
oversized and secretless bodies without keeping them, cuts off stalled clients, drops junk with a
count, and processes each chat's updates one at a time while other chats go on."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.telegram.context import BotContext
from bot.telegram.fakebot import FakeTelegramServer, Person, UpdateFactory, free_port
from bot.telegram.ordering import OneAtATimePerChat
from bot.telegram.webhook import MAX_BODY, SECRET_HEADER, WebhookCounts, make_server, make_web_app
from tests.conftest import ROOT, real_bot_env
from tests.fakes import Harness
from tests.test_feedback import begin, code_in, rows
from tests.test_service import SECRET, db_of, post

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

MB = 1024 * 1024
HUGE = 90 * MB
# The stalled-client test shortens the read timeout; the bounded waits below are generous.
READ_TIMEOUT = 1
SLOW_CONNECTIONS = 100


# --------------------------------------------------------------------------------------------
# The real bot, `python -m bot run --webhook`, in its own process


@dataclass
class RunningBot:
    process: asyncio.subprocess.Process
    port: int
    log: Path

    def memory_kb(self, field: str) -> int:
        """VmRSS (now) or VmHWM (the most it ever held) of the bot's process, in kB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
        raise AssertionError(f"no {field} in /proc/{self.process.pid}/status")


async def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 -- the state lives in another process
            await asyncio.sleep(0.05)


@pytest.fixture
async def webhook_bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    telegram = FakeTelegramServer()
    await telegram.start()
    port = free_port()
    env = real_bot_env(tmp_path / "hys.sqlite3", telegram.base_url) | {
        "HYS_WEBHOOK_URL": "https://hys.example/hook",
        "HYS_WEBHOOK_SECRET": SECRET,
        "HYS_WEBHOOK_LISTEN": "127.0.0.1",
        "HYS_WEBHOOK_PORT": str(port),
        "HYS_WEBHOOK_READ_TIMEOUT": str(READ_TIMEOUT),
    }
    log = tmp_path / "bot.log"
    with log.open("wb") as stderr:  # a file, not a pipe nobody reads: it could fill and block
        process = await start(env, stderr)
        bot = RunningBot(process, port, log)
        try:
            await wait_until(
                lambda: (
                    bool(telegram.api.calls_to("setWebhook")) or process.returncode is not None
                ),
                60,
            )
            assert process.returncode is None, log.read_text()[-2000:]
            yield bot
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=60)
            await telegram.stop()


async def start(env: dict[str, str], stderr: IO[bytes]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--webhook",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
    )


def head(headers: dict[str, str]) -> bytes:
    lines = ["POST /hook HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def status_of(reader: asyncio.StreamReader) -> int | None:
    """The status of the answer, or None if the server closed without one."""
    try:
        line = await reader.readline()
    except ConnectionError:
        return None
    parts = line.split()
    return int(parts[1]) if len(parts) >= 2 else None


async def push(port: int, headers: dict[str, str], chunks: int, *, chunked: bool) -> None:
    """Send the headers and then up to `chunks` MiB of body, for as long as the server takes it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    piece = b"7" * MB
    try:
        writer.write(head(headers))
        for _ in range(chunks):
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            await writer.drain()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(status_of(reader), timeout=30)
    except ConnectionError:
        pass  # refused and closed while we were still sending: what we want
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def answer_to(port: int, headers: dict[str, str], body: bytes = b"") -> int | None:
    """Send the headers and `body`, then wait (bounded) for the answer without sending more."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head(headers) + body)
        await writer.drain()
        async with asyncio.timeout(15):
            return await status_of(reader)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def test_a_90_mb_body_leaves_the_bots_memory_flat(webhook_bot: RunningBot) -> None:
    port = webhook_bot.port
    await answer_to(port, {"Content-Length": "0"})  # warm up the request path
    rss_before = webhook_bot.memory_kb("VmRSS")
    peak_before = webhook_bot.memory_kb("VmHWM")

    await push(port, {"Content-Length": str(HUGE)}, HUGE // MB, chunked=False)
    await push(
        port, {SECRET_HEADER: SECRET, "Content-Length": str(HUGE)}, HUGE // MB, chunked=False
    )
    await push(port, {SECRET_HEADER: SECRET, "Transfer-Encoding": "chunked"}, 90, chunked=True)

    rss_after = webhook_bot.memory_kb("VmRSS")
    peak_after = webhook_bot.memory_kb("VmHWM")
    print(  # noqa: T201 -- the figures, for `pytest -s`
        f"RSS {rss_before} -> {rss_after} kB; peak {peak_before} -> {peak_after} kB"
    )
    assert peak_after - peak_before < 20 * 1024  # kB: well under even one 90 MB body
    assert rss_after - rss_before < 20 * 1024
    assert await answer_to(port, {"Content-Length": "0"}) == 403  # and it still answers


async def test_no_secret_gets_403_and_too_big_gets_413_before_the_body_arrives(
    webhook_bot: RunningBot,
) -> None:
    port, secret = webhook_bot.port, {SECRET_HEADER: SECRET}
    claims_90_mb = {"Content-Length": str(HUGE)}

    assert await answer_to(port, claims_90_mb) == 403
    assert await answer_to(port, {SECRET_HEADER: "wrong", **claims_90_mb}) == 403
    assert await answer_to(port, {**secret, **claims_90_mb}) == 413
    # A chunked body says nothing up front: it is refused once it passes 1 MiB. The last chunk
    # is left unfinished so nothing unread is left on the socket when the server closes it.
    piece = b"7" * (64 * 1024)
    body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(MAX_BODY // len(piece)))
    chunked = {**secret, "Transfer-Encoding": "chunked"}
    assert await answer_to(port, chunked, body + b"1\r\n7") == 413


async def test_a_hundred_stalled_connections_are_all_closed_by_the_server(
    webhook_bot: RunningBot,
) -> None:
    port = webhook_bot.port
    stalled_in_headers = b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"
    stalled_in_body = head({SECRET_HEADER: SECRET, "Content-Length": "2000"}) + b'{"update_id'
    connections = []
    for n in range(SLOW_CONNECTIONS):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(stalled_in_headers if n % 2 else stalled_in_body)
        await writer.drain()
        connections.append((reader, writer))

    async def closed_by_server(reader: asyncio.StreamReader) -> bool:
        with contextlib.suppress(ConnectionError):
            await reader.read()  # returns at end of stream: the server closed it
        return True

    waits = [asyncio.create_task(closed_by_server(reader)) for reader, _ in connections]
    done, pending = await asyncio.wait(waits, timeout=READ_TIMEOUT + 30)  # a bound, not a race
    for task in pending:
        task.cancel()
    for _, writer in connections:
        writer.close()

    assert len(done) == SLOW_CONNECTIONS, f"{len(pending)} stalled connections still open"
    assert await answer_to(port, {"Content-Length": "0"}) == 403  # and it still answers


# --------------------------------------------------------------------------------------------
# Junk with the right secret


@dataclass
class Endpoint:
    url: str
    counts: WebhookCounts
    bot: Harness


@pytest.fixture
async def endpoint(bot: Harness) -> AsyncIterator[Endpoint]:
    counts = WebhookCounts()
    port = free_port()
    server = make_server(make_web_app(bot.app, SECRET, "/hook", counts))
    server.listen(port, "127.0.0.1")
    try:
        yield Endpoint(f"http://127.0.0.1:{port}/hook", counts, bot)
    finally:
        await server.close()


MARK = "Zephyrine-told-us-9731"  # would show up in a log if a body were ever logged
JUNK = {
    "a list": json.dumps([MARK, 1, 2]).encode(),
    "a string": json.dumps(MARK).encode(),
    "a number": b"42",
    "null": b"null",
    "not JSON": f"{{{MARK}".encode(),
    "not UTF-8": b'{"update_id": 1, "x": "\xff\xfe' + MARK.encode() + b'"}',
    "an object that is not an update": json.dumps({"hello": MARK}).encode(),
    "an update_id that is text": json.dumps({"update_id": MARK}).encode(),
    "a message that is text": json.dumps({"update_id": 7, "message": MARK}).encode(),
    "a message without its fields": json.dumps({"update_id": 8, "message": {MARK: 1}}).encode(),
    "deeply nested lists": b"[" * 300_000 + b"]" * 300_000,
    "a deeply nested update": (
        b'{"update_id": 9, "message": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001
    ),
}


async def test_junk_with_the_right_secret_is_counted_dropped_and_answered_200(
    endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert all(len(body) <= MAX_BODY for body in JUNK.values())

    statuses = {
        name: (await post(endpoint.url, body, SECRET)).status_code for name, body in JUNK.items()
    }

    assert statuses == dict.fromkeys(JUNK, 200)  # Telegram would only send it again
    assert endpoint.counts.not_updates == len(JUNK)
    assert endpoint.bot.api.messages() == []
    dropped = [r.getMessage() for r in caplog.records if "not an update" in r.getMessage()]
    assert dropped[-1].endswith(f"; {len(JUNK)} dropped so far")  # the count, as a number
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [r for r in caplog.records if r.exc_info] == []  # no traceback
    assert [r.getMessage() for r in caplog.records if MARK in r.getMessage()] == []


async def test_a_real_update_after_junk_is_still_processed(endpoint: Endpoint) -> None:
    await post(endpoint.url, b"[]", SECRET)

    response = await post(
        endpoint.url, json.dumps(endpoint.bot.updates.text("/start")).encode(), SECRET
    )

    assert response.status_code == 200
    assert any("welcome" in c.text.lower() for c in endpoint.bot.api.messages())
    assert endpoint.counts.not_updates == 1


async def test_an_update_just_under_the_cap_is_still_processed(endpoint: Endpoint) -> None:
    update = endpoint.bot.updates.text("/start")
    body = json.dumps(update | {"padding": ""}).encode()
    body = json.dumps(update | {"padding": "x" * (MAX_BODY - len(body))}).encode()
    assert len(body) == MAX_BODY

    response = await post(endpoint.url, body, SECRET)

    assert response.status_code == 200
    assert any("welcome" in c.text.lower() for c in endpoint.bot.api.messages())


# --------------------------------------------------------------------------------------------
# One chat at a time (L-06)


async def test_six_concurrent_send_taps_through_the_webhook_store_one_item(
    endpoint: Endpoint,
) -> None:
    bot = endpoint.bot
    await begin(bot, "Have your say", "Where I live")
    preview = await bot.send("My room is too small and the wifi never works")
    send = dict(preview.buttons())["Send"]
    taps = [
        json.dumps(bot.updates.button(send, on_message=preview.as_message())).encode()
        for _ in range(6)
    ]

    answers = await asyncio.gather(*(post(endpoint.url, tap, SECRET) for tap in taps))

    assert [a.status_code for a in answers] == [200] * 6
    assert rows(db_of(bot), "SELECT COUNT(*) FROM items") == [(1,)]
    acks = [c for c in bot.api.messages() if "Your code is" in c.text]
    assert acks  # every tap is answered with the one code, never a second item
    assert len({code_in(c) for c in acks}) == 1


def record_turns(bot: Harness) -> list[tuple[str, int, int]]:
    """Register a first handler that notes when each update starts and ends, and lingers a
    little in between so that anything allowed to run alongside it would."""
    events: list[tuple[str, int, int]] = []

    async def note(update: Update, context: BotContext) -> None:
        chat = update.effective_chat.id if update.effective_chat else 0
        events.append(("start", chat, update.update_id))
        await asyncio.sleep(0.05)
        events.append(("end", chat, update.update_id))

    bot.app.add_handler(TypeHandler(Update, note), group=-100)
    return events


async def test_updates_of_one_chat_through_the_webhook_run_one_after_another(
    endpoint: Endpoint,
) -> None:
    bot = endpoint.bot
    events = record_turns(bot)
    updates = [json.dumps(bot.updates.text(f"/help {n}")).encode() for n in range(6)]

    answers = await asyncio.gather(*(post(endpoint.url, u, SECRET) for u in updates))

    assert [a.status_code for a in answers] == [200] * 6
    assert len(events) == 12
    for n in range(0, 12, 2):  # each update ends before the next one starts
        (began, _, first), (ended, _, second) = events[n], events[n + 1]
        assert (began, ended, first) == ("start", "end", second)


async def test_two_chats_through_the_webhook_are_processed_side_by_side(
    endpoint: Endpoint,
) -> None:
    bot = endpoint.bot
    started: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
    saw_the_other: dict[int, bool] = {}

    async def wait_for_the_other_chat(update: Update, context: BotContext) -> None:
        chat = update.effective_chat.id if update.effective_chat else 0
        other = next(c for c in (1111, 2222) if c != chat)
        started[chat].set()
        try:  # a bounded wait: if chats took turns, the other could never start meanwhile
            await asyncio.wait_for(started[other].wait(), timeout=10)
            saw_the_other[chat] = True
        except TimeoutError:
            saw_the_other[chat] = False

    bot.app.add_handler(TypeHandler(Update, wait_for_the_other_chat), group=-100)
    one = UpdateFactory(person=Person(user_id=1111), _ids=bot.updates._ids)
    two = UpdateFactory(person=Person(user_id=2222), _ids=bot.updates._ids)
    updates = [json.dumps(f.text("/help")).encode() for f in (one, two)]

    answers = await asyncio.gather(*(post(endpoint.url, u, SECRET) for u in updates))

    assert [a.status_code for a in answers] == [200, 200]
    assert saw_the_other == {1111: True, 2222: True}


def update_in(chat: int, update_id: int) -> Update:
    person = Person(user_id=chat)
    return Update.de_json(UpdateFactory(person=person).text("hi") | {"update_id": update_id}, None)


async def test_polling_uses_the_same_one_chat_at_a_time_processor(bot: Harness) -> None:
    processor = bot.app.update_processor
    events: list[tuple[str, int]] = []

    async def work(update: Update) -> None:
        events.append(("start", update.update_id))
        await asyncio.sleep(0.01)
        events.append(("end", update.update_id))

    same_chat = [update_in(3333, n) for n in range(1, 6)]
    await asyncio.gather(*(processor.process_update(u, work(u)) for u in same_chat))

    assert isinstance(processor, OneAtATimePerChat)
    assert processor.max_concurrent_updates > 1  # other chats are not held up
    assert events == [(s, n) for n in range(1, 6) for s in ("start", "end")]  # in arrival order
    assert processor.chats_waiting_or_running == 0  # no lock kept for an idle chat


async def test_an_update_that_waited_too_long_for_its_turn_never_runs(bot: Harness) -> None:
    processor = bot.app.update_processor
    assert isinstance(processor, OneAtATimePerChat)
    ran: list[int] = []
    release = asyncio.Event()

    async def work(update: Update, hold: bool) -> None:
        if hold:
            await release.wait()
        ran.append(update.update_id)

    first, second = update_in(4444, 1), update_in(4444, 2)
    holding = asyncio.create_task(processor.process_update(first, work(first, True)))
    await asyncio.sleep(0)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(processor.process_update(second, work(second, False)), 0.05)
    release.set()
    await holding

    assert ran == [1]
    assert processor.chats_waiting_or_running == 0


# --------------------------------------------------------------------------------------------
# One server for everything web


async def test_with_the_web_chat_on_the_webhook_is_served_on_its_port_too(tmp_path: Path) -> None:
    """`run --webhook` with HYS_WEB_PORT: the webhook and the web chat on one server (the
    webhook port is not opened), the secret still checked, updates processed before the 200."""
    import httpx

    telegram = FakeTelegramServer()
    await telegram.start()
    web_port, hook_port = free_port(), free_port()
    env = real_bot_env(tmp_path / "hys.sqlite3", telegram.base_url) | {
        "HYS_WEBHOOK_URL": "https://hys.example/hook",
        "HYS_WEBHOOK_SECRET": SECRET,
        "HYS_WEBHOOK_PORT": str(hook_port),
        "HYS_WEB_PORT": str(web_port),
    }
    log = tmp_path / "bot.log"
    with log.open("wb") as stderr:
        process = await start(env, stderr)
        try:
            await wait_until(
                lambda: (
                    bool(telegram.api.calls_to("setWebhook")) or process.returncode is not None
                ),
                60,
            )
            assert process.returncode is None, log.read_text()[-2000:]
            base = f"http://127.0.0.1:{web_port}"
            update = json.dumps(UpdateFactory().text("/start")).encode()
            refused = await post(f"{base}/hook", update, "wrong-secret-0123456789")
            taken = await post(f"{base}/hook", update, SECRET)
            async with httpx.AsyncClient() as client:
                page = await client.get(f"{base}/")
            with pytest.raises(ConnectionRefusedError):
                await asyncio.open_connection("127.0.0.1", hook_port)
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=60)
            await telegram.stop()

    assert refused.status_code == 403
    assert taken.status_code == 200
    assert any("welcome" in c.text.lower() for c in telegram.api.calls_to("sendMessage"))
    assert page.status_code == 200
    assert 'data-screen="start"' in page.text
    assert process.returncode == 0, log.read_text()[-2000:]
