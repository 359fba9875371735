"""Shared fixtures: shipped content, settings, a fixed clock and the app harness."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import Content, load_content
from bot.context import BotContext
from tests.fakes import FakeBotApi, Harness, MovableClock, UpdateFactory

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
OFFICER_CHAT_ID = -1001234567890
OFFICER_ID = 5550001
NOW = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
# Token-shaped but fake: lets tests prove the real token never reaches a log or a repr.
TEST_TOKEN = "987654321:AAH-very-secret-token-value-ZZZZZZZZ"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--kills", default=200, help="how many SIGKILLs the crash harness makes")


@cache
def shipped_content() -> Content:
    return load_content(CONTENT_DIR)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own HYS_ settings."""
    for name in list(os.environ):
        if name.startswith("HYS_"):
            monkeypatch.delenv(name)


@pytest.fixture
def content() -> Content:
    return shipped_content()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database=tmp_path / "data" / "have-your-say.sqlite3",
        content_dir=CONTENT_DIR,
        officer_chat_id=OFFICER_CHAT_ID,
        officer_ids=[OFFICER_ID],
    )


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
