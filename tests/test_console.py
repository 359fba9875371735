"""The officer console: set-up with a password and an authenticator app, sign-in, lockout,
sessions, the queue (never the words) and opening an item (always recorded)."""

from __future__ import annotations

import logging
import re
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pyotp
import pytest

from bot.config import Settings
from bot.content import Content
from bot.domain import Audience, ItemKind, Role
from bot.services import Services
from bot.web.app import WebChat, build_web_app
from bot.web.console_sessions import COOKIE
from bot.wiring import build_services
from tests import db
from tests.fakes import MovableClock

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

ADDRESS = "198.51.100.23"
PASSWORD = "hedgehog lamp river 42"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_SECRET = re.compile(r'<code class="code">([A-Z2-7 ]+)</code>')


@dataclass
class Console:
    services: Services
    clock: MovableClock
    transport: httpx.ASGITransport
    database: Settings

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport, base_url="http://testserver")

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        return db.rows(self.database, sql)

    def code(self, secret: str, ahead: int = 0) -> str:
        return pyotp.TOTP(secret).at(self.clock.now + timedelta(seconds=30 * ahead))


@pytest.fixture
async def console(settings: Settings, content: Content) -> AsyncIterator[Console]:
    clock = MovableClock()
    services = await build_services(settings, content, clock)
    chat = WebChat(services, exit_url="https://neutral.example/")
    transport = httpx.ASGITransport(app=build_web_app(chat), client=(ADDRESS, 40000))
    try:
        yield Console(services, clock, transport, settings)
    finally:
        await services.store.close()


def csrf(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    assert found is not None, page.text[:500]
    return found.group(1)


async def set_up(
    console: Console,
    client: httpx.AsyncClient,
    name: str = "Sam Jones",
    role: Role = Role.OFFICER,
) -> str:
    """Add an account and set it up as the officer would; its authenticator secret."""
    token = await console.services.accounts.add(name, role)
    assert token is not None
    page = await client.get(f"/console/setup/{token}")
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code, drawn in the page
    found = _SECRET.search(page.text)
    assert found is not None
    secret = found.group(1).replace(" ", "")
    done = await client.post(
        f"/console/setup/{token}",
        data={
            "csrf": csrf(page),
            "password": PASSWORD,
            "confirm": PASSWORD,
            "code": console.code(secret),
        },
    )
    assert "You are set up" in done.text, done.text
    console.clock.advance(timedelta(seconds=31))  # the next code, for signing in
    return secret


async def sign_in(
    console: Console,
    client: httpx.AsyncClient,
    secret: str,
    *,
    name: str = "Sam Jones",
    password: str = PASSWORD,
    code: str | None = None,
) -> httpx.Response:
    page = await client.get("/console/sign-in")
    return await client.post(
        "/console/sign-in",
        data={
            "csrf": csrf(page),
            "name": name,
            "password": password,
            "code": code or console.code(secret),
        },
        follow_redirects=True,
    )


async def account(
    console: Console, client: httpx.AsyncClient, name: str, role: Role = Role.OFFICER
) -> None:
    """An account of this role, set up and signed in on `client`."""
    secret = await set_up(console, client, name, role)
    await sign_in(console, client, secret, name=name)


async def test_an_officer_sets_up_signs_in_and_sees_the_queue_without_the_words(
    console: Console,
) -> None:
    await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="Please open the youth club later"
    )
    async with console.client() as client:
        secret = await set_up(console, client)
        before = client.cookies.get(COOKIE)
        queue = await sign_in(console, client, secret)
        assert queue.status_code == 200
        assert "Messages to read" in queue.text
        assert "#1" in queue.text
        assert "youth club" not in queue.text  # the words only when opened
        assert client.cookies.get(COOKIE) != before  # a new session id at sign-in
    hashed = console.rows("SELECT password_hash FROM officer_accounts")[0][0]
    assert str(hashed).startswith("$argon2id$")
    assert PASSWORD not in str(hashed)
    actions = [r[0] for r in console.rows("SELECT action FROM audit_log")]
    assert "account_set_up" in actions
    assert "signed_in" in actions


async def test_opening_an_item_is_recorded_and_its_words_are_shown_inert(
    console: Console,
) -> None:
    words = 'my carer said <script>alert("x")</script> is fine \u200b ok'
    receipt = await console.services.intake.submit(
        kind=ItemKind.QUESTION, audience=Audience.CARE_LEAVER, text=words
    )
    async with console.client() as client:
        secret = await set_up(console, client)
        await sign_in(console, client, secret)
        page = await client.get(f"/console/item/{receipt.item_id}")
        assert "Show the message" in page.text
        assert "alert(" not in page.text
        assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed'") == [(0,)]
        forged = await client.post(f"/console/item/{receipt.item_id}/open", data={})
        assert forged.status_code == 403
        assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed'") == [(0,)]
        opened = await client.post(
            f"/console/item/{receipt.item_id}/open", data={"csrf": csrf(page)}
        )
        assert opened.status_code == 200
        assert "<script>" not in opened.text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in opened.text
        assert "hidden characters" in opened.text
    assert console.rows(
        "SELECT actor, action, item_id FROM audit_log WHERE action = 'viewed'"
    ) == [("Sam Jones", "viewed", receipt.item_id)]
    assert console.rows("SELECT status FROM items") == [("read",)]


async def test_every_console_page_refuses_someone_signed_out(console: Console) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="More trips please"
    )
    async with console.client() as client:
        for path in ("/console", f"/console/item/{receipt.item_id}"):
            answer = await client.get(path)
            assert answer.status_code == 303
            assert answer.headers["location"] == "/console/sign-in"
        opened = await client.post(f"/console/item/{receipt.item_id}/open", data={"csrf": "x"})
        assert opened.status_code == 303
        # A made-up session cookie is worth nothing either.
        client.cookies.set(COOKIE, "made-up-session-id", path="/console")
        assert (await client.get("/console")).status_code == 303
    assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed'") == [(0,)]


async def test_five_wrong_sign_ins_lock_the_account_for_fifteen_minutes(
    console: Console,
) -> None:
    async with console.client() as client:
        secret = await set_up(console, client)
        for _ in range(5):
            wrong = await sign_in(console, client, secret, password="not the password at all")
            assert "not right" in wrong.text or "locked" in wrong.text
        assert "locked for 15 minutes" in wrong.text
        locked = await sign_in(console, client, secret)  # even the right password and code
        assert "locked for 15 minutes" in locked.text
        assert "Messages to read" not in locked.text
        console.clock.advance(timedelta(minutes=16))
        opened = await sign_in(console, client, secret)
        assert "Messages to read" in opened.text
    assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'account_locked'") == [(1,)]


async def test_a_code_cannot_be_used_twice_and_a_wrong_code_is_refused(
    console: Console,
) -> None:
    async with console.client() as client:
        secret = await set_up(console, client)
        code = console.code(secret)
        assert "Messages to read" in (await sign_in(console, client, secret, code=code)).text
    async with console.client() as other:
        replayed = await sign_in(console, other, secret, code=code)
        assert "not right" in replayed.text
        wrong = await sign_in(console, other, secret, code="000000")
        assert "not right" in wrong.text


async def test_sessions_end_after_30_idle_minutes_and_on_sign_out(console: Console) -> None:
    async with console.client() as client:
        secret = await set_up(console, client)
        queue = await sign_in(console, client, secret)
        console.clock.advance(timedelta(minutes=29))
        assert (await client.get("/console")).status_code == 200
        console.clock.advance(timedelta(minutes=31))
        assert (await client.get("/console")).status_code == 303
        console.clock.advance(timedelta(seconds=31))
        queue = await sign_in(console, client, secret)
        out = await client.post("/console/sign-out", data={"csrf": csrf(queue)})
        assert out.status_code == 303
        assert (await client.get("/console")).status_code == 303


async def test_a_session_lasts_eight_hours_at_most(console: Console) -> None:
    async with console.client() as client:
        secret = await set_up(console, client)
        await sign_in(console, client, secret)
        for _ in range(17):  # busy all day: never idle for half an hour
            console.clock.advance(timedelta(minutes=29))
            await client.get("/console")
        assert (await client.get("/console")).status_code == 303


async def test_a_weak_password_or_wrong_code_is_refused_at_set_up(console: Console) -> None:
    token = await console.services.accounts.add("Ali Khan", Role.MANAGER)
    assert token is not None
    async with console.client() as client:
        page = await client.get(f"/console/setup/{token}")
        secret = _SECRET.search(page.text)
        assert secret is not None
        key = secret.group(1).replace(" ", "")
        for password, why in (
            ("password1234", "too common"),
            ("short", "at least 12"),
            ("ali khan is great 1", "your name"),
        ):
            weak = await client.post(
                f"/console/setup/{token}",
                data={
                    "csrf": csrf(page),
                    "password": password,
                    "confirm": password,
                    "code": console.code(key),
                },
            )
            assert weak.status_code == 400
            assert why in weak.text
            assert "There is a problem" in weak.text
        wrong = await client.post(
            f"/console/setup/{token}",
            data={"csrf": csrf(page), "password": PASSWORD, "confirm": PASSWORD, "code": "123456"},
        )
        assert "code is not right" in wrong.text
        assert console.rows("SELECT password_hash FROM officer_accounts") == [(None,)]
        # The link still works until it is used; then never again.
        done = await client.post(
            f"/console/setup/{token}",
            data={
                "csrf": csrf(page),
                "password": PASSWORD,
                "confirm": PASSWORD,
                "code": console.code(key),
            },
        )
        assert "You are set up" in done.text
        again = await client.get(f"/console/setup/{token}")
        assert again.status_code == 404


async def test_sign_ins_from_one_place_are_limited(console: Console) -> None:
    async with console.client() as client:
        secret = await set_up(console, client)
        for n in range(20):
            await sign_in(console, client, secret, name=f"Nobody {n}", password="guess guess 1")
        limited = await sign_in(console, client, secret)
        assert limited.status_code == 429
        assert "Too many failed sign-ins" in limited.text


async def test_no_password_code_or_secret_is_logged(
    console: Console, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with console.client() as client:
        secret = await set_up(console, client)
        await sign_in(console, client, secret, password="a wrong password here")
        await sign_in(console, client, secret)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for value in (PASSWORD, secret, "a wrong password here"):
        assert value not in logged


def test_the_officer_command_adds_lists_resets_and_disables(tmp_path: Path) -> None:
    env = {"HYS_DATABASE": str(tmp_path / "db.sqlite3"), "HYS_WEB_BASE_URL": "https://hys.example"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "officer", *args],
            capture_output=True,
            text=True,
            env={**_base_env(), **env},
            timeout=60,
            check=False,
        )

    added = run("add", "Sam Jones", "--role", "manager")
    assert added.returncode == 0, added.stderr
    link = re.search(r"https://hys\.example/console/setup/([A-Za-z0-9_-]+)", added.stdout)
    assert link is not None
    assert run("add", "sam jones").returncode == 1  # names are unique, whatever the case
    assert "Sam Jones\tmanager\twaiting for set-up" in run("list").stdout
    reset = run("reset", "Sam Jones")
    assert reset.returncode == 0
    assert link.group(1) not in reset.stdout  # a new link; the old one no longer works
    assert run("disable", "Sam Jones").returncode == 0
    assert "Sam Jones\tmanager\tdisabled" in run("list").stdout
    with closing(sqlite3.connect(tmp_path / "db.sqlite3")) as db:
        stored = db.execute("SELECT setup_hash FROM officer_accounts").fetchone()[0]
    assert stored is None  # disabled: no link works


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}


async def test_sign_out_everywhere_ends_every_session_of_that_officer(console: Console) -> None:
    async with console.client() as laptop, console.client() as phone:
        secret = await set_up(console, laptop)
        queue = await sign_in(console, laptop, secret)
        console.clock.advance(timedelta(seconds=31))
        await sign_in(console, phone, secret)
        assert (await phone.get("/console")).status_code == 200
        out = await laptop.post(
            "/console/sign-out", data={"csrf": csrf(queue), "everywhere": "yes"}
        )
        assert out.status_code == 303
        assert (await laptop.get("/console")).status_code == 303
        assert (await phone.get("/console")).status_code == 303


async def test_item_numbers_out_of_range_or_malformed_are_not_found(console: Console) -> None:
    async with console.client() as client:
        secret = await set_up(console, client)
        queue = await sign_in(console, client, secret)
        for number in ("0", "999999", "-1", "1e3", "9" * 40, "%2e%2e"):
            page = await client.get(f"/console/item/{number}")
            assert page.status_code == 404, number
            opened = await client.post(f"/console/item/{number}/open", data={"csrf": csrf(queue)})
            assert opened.status_code == 404, number
    assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed'") == [(0,)]


async def test_a_flood_of_sign_in_pages_never_signs_an_officer_out(console: Console) -> None:
    from bot.web import console_sessions

    async with console.client() as officer:
        secret = await set_up(console, officer)
        await sign_in(console, officer, secret)
        async with console.client() as stranger:
            for _ in range(console_sessions.MAX_SESSIONS + 50):
                stranger.cookies.clear()
                await stranger.get("/console/sign-in")
        assert (await officer.get("/console")).status_code == 200


async def test_the_words_come_with_the_automatic_redaction_beside_them(console: Console) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK,
        audience=Audience.IN_CARE,
        text="my social worker Jo Bloggs never rings back, text me on 07700 900123",
    )
    async with console.client() as client:
        secret = await set_up(console, client)
        await sign_in(console, client, secret)
        page = await client.get(f"/console/item/{receipt.item_id}")
        opened = await client.post(
            f"/console/item/{receipt.item_id}/open", data={"csrf": csrf(page)}
        )
    quotes = re.findall(r'<blockquote class="message">(.*?)</blockquote>', opened.text, re.S)
    assert "07700 900123" in quotes[0]  # the words as they came
    assert "07700 900123" not in quotes[1]  # the suggestion for the board
    assert "Jo Bloggs" not in quotes[1]
