"""Shared fixtures: shipped content, settings, a fixed clock and the app harness."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import Content, load_content
from bot.services.screening import Screener
from bot.store.pg import PgStore
from bot.telegram.context import BotContext
from tests.fakes import FakeBotApi, Harness, MovableClock, OfficerSide, UpdateFactory
from tests.pg import Cluster

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
OFFICER_CHAT_ID = -1001234567890
OFFICER_ID = 5550001
NOW = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
# Token-shaped but fake: lets tests prove the real token never reaches a log or a repr.
TEST_TOKEN = "987654321:AAH-very-secret-token-value-ZZZZZZZZ"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--kills", default=200, help="how many SIGKILLs the crash harness makes")
    parser.addoption(
        "--pg-rounds", default=6, help="rounds of three kills for the PostgreSQL crash harness"
    )


@cache
def shipped_content() -> Content:
    return load_content(CONTENT_DIR)


LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def _no_network_except_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """P-11: nothing in a test may reach any host but this one (the fakes, the emulator, the
    browser); no analytics, no error tracker, no real Telegram."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in LOCAL_HOSTS:
            raise ConnectionRefusedError(f"tests may not connect to {host}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, address: connect(self, address))


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own HYS_ settings."""
    for name in list(os.environ):
        if name.startswith("HYS_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A real PostgreSQL server for the session (started only if a test needs it)."""
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database at the latest schema, which each test's database is copied from."""
    url = pg_cluster.new_database()

    async def migrate() -> None:
        await (await PgStore.open_url(url)).close()

    with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever the test runs in
        thread.submit(asyncio.run, migrate()).result()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database at the latest schema, for one test (dropped after it: the
    hundreds of tests on both stores would otherwise leave gigabytes of copies behind)."""
    url = pg_cluster.new_database(template=pg_template)
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture
def content() -> Content:
    return shipped_content()


BOTH_STORES = "both_stores"
SQLITE_ONLY = "sqlite_only"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{BOTH_STORES}: run the module's tests on SQLite and on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", f"{SQLITE_ONLY}(reason): this test is about SQLite's own file, not the store"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module marked `both_stores` runs every test that uses `settings` twice: on a SQLite
    file and on a fresh PostgreSQL database (issue 17: the same behaviour on both). A test
    marked `sqlite_only` (with its reason) checks SQLite's own file and runs on SQLite alone."""
    if "store_backend" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker(BOTH_STORES) is not None
        only = metafunc.definition.get_closest_marker(SQLITE_ONLY)
        if only is not None and not (only.args or only.kwargs.get("reason")):
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: say why it is SQLite's alone")
        both = both and only is None
        metafunc.parametrize(
            "store_backend", ["sqlite", "postgresql"] if both else ["sqlite"], indirect=True
        )


@pytest.fixture
def store_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(tmp_path: Path, store_backend: str, request: pytest.FixtureRequest) -> Settings:
    url = request.getfixturevalue("pg_url") if store_backend == "postgresql" else None
    return Settings(
        database=tmp_path / "data" / "have-your-say.sqlite3",
        database_url=url,
        content_dir=CONTENT_DIR,
        officer_chat_id=OFFICER_CHAT_ID,
        officer_ids=[OFFICER_ID],
    )


def real_bot_env(database: Path, base_url: str) -> dict[str, str]:
    """The environment for `python -m bot run` against a local Bot API at `base_url`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    return env | {
        "HYS_BOT_TOKEN": TEST_TOKEN,
        "HYS_OFFICER_CHAT_ID": str(OFFICER_CHAT_ID),
        "HYS_OFFICER_IDS": f"[{OFFICER_ID}]",
        "HYS_DATABASE": str(database),
        "HYS_TELEGRAM_BASE_URL": base_url,
    }


def fixed_clock() -> datetime:
    return NOW


async def make_harness(
    settings: Settings, content: Content, clock: MovableClock | None = None
) -> tuple[Harness, list[BaseException]]:
    api = FakeBotApi()
    clock = clock or MovableClock()
    app = build_application(
        settings, content, request=api, clock=clock, rate_limit=False, jobs=False
    )
    errors: list[BaseException] = []

    async def collect(update: object, context: BotContext) -> None:
        if context.error is not None:
            errors.append(context.error)

    app.add_error_handler(collect)
    return Harness(app, api, UpdateFactory(), errors, clock=clock), errors


@pytest.fixture
async def bot(settings: Settings, content: Content) -> AsyncIterator[Harness]:
    """The real app, offline; fails the test if any handler raised."""
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        yield harness
    assert errors == [], f"a handler raised: {errors!r}"
    assert harness.forbidden_calls() == []


@pytest.fixture
def officer(bot: Harness) -> OfficerSide:
    """The officer, Sam, in the officers' group chat."""
    from tests.officers import officer_side

    return officer_side(bot)


@pytest.fixture(scope="module")
def screener() -> Screener:
    """The shipped screen: rules and the learned model."""
    return Screener.from_content(shipped_content())


@pytest.fixture(scope="module")
def rules_only() -> Screener:
    """The rules without the learned model, so a rule's test cannot pass on the model's say."""
    return Screener.from_content(shipped_content(), model=None)
