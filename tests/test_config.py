"""Settings: plain one-line errors naming the variable, exit 2, and a token that never shows."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import ConfigError, Settings, load_settings
from bot.content import Content
from tests.conftest import ROOT, TEST_TOKEN


def run_bot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable", "plain"),
    [
        ({}, "HYS_BOT_TOKEN", "is not set"),
        ({"HYS_BOT_TOKEN": "nonsense"}, "HYS_BOT_TOKEN", "does not look like a token"),
        ({"HYS_BOT_TOKEN": TEST_TOKEN}, "HYS_OFFICER_CHAT_ID", "is not set"),
        (
            {"HYS_BOT_TOKEN": TEST_TOKEN, "HYS_OFFICER_CHAT_ID": "-100123"},
            "HYS_OFFICER_IDS",
            "is not set",
        ),
        ({"HYS_OFFICER_CHAT_ID": "the officers"}, "HYS_OFFICER_CHAT_ID", "valid integer"),
        ({"HYS_OFFICER_IDS": "12, 34"}, "HYS_OFFICER_IDS", "should be a list like [12345, 67890]"),
        ({"HYS_TIMEZONE": "Mars/Olympus"}, "HYS_TIMEZONE", "is not a time zone name"),
        ({"HYS_TELEGRAM_BASE_URL": "localhost:8081"}, "HYS_TELEGRAM_BASE_URL", "should start"),
    ],
)
def test_a_bad_setting_exits_2_with_one_plain_line(
    env: dict[str, str], variable: str, plain: str
) -> None:
    result = run_bot(env, "run")

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(variable)
    assert plain in lines[0]
    assert "nonsense" not in lines[0]  # a wrong token is still a secret


def test_the_token_never_shows_in_str_or_repr() -> None:
    settings = Settings(bot_token=TEST_TOKEN)

    assert TEST_TOKEN not in str(settings)
    assert TEST_TOKEN not in repr(settings)
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == TEST_TOKEN


def test_settings_come_from_hys_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYS_BOT_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("HYS_OFFICER_CHAT_ID", "-1001")
    monkeypatch.setenv("HYS_OFFICER_IDS", "[11, 22]")
    monkeypatch.setenv("HYS_DATABASE", "/tmp/x.sqlite3")  # noqa: S108 -- only a path value
    monkeypatch.setenv("HYS_TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")

    settings = load_settings()
    settings.require_for_run()

    assert settings.officer_chat_id == -1001
    assert settings.officer_ids == [11, 22]
    assert str(settings.database) == "/tmp/x.sqlite3"  # noqa: S108
    assert settings.telegram_base_url == "http://127.0.0.1:8081/bot"
    assert settings.timezone == "Europe/London"


def test_the_demo_needs_no_token() -> None:
    settings = load_settings()

    assert settings.bot_token is None
    with pytest.raises(ConfigError, match="HYS_BOT_TOKEN"):
        settings.require_for_run()


def test_building_the_app_quietens_loggers_that_would_leak(content: Content) -> None:
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    logging.getLogger("telegram").setLevel(logging.DEBUG)

    build_application(Settings(bot_token=TEST_TOKEN), content, rate_limit=False)

    assert logging.getLogger("httpx").level >= logging.WARNING
    assert logging.getLogger("httpcore").level >= logging.WARNING
    assert logging.getLogger("telegram").level >= logging.INFO


def test_base_url_points_the_bot_at_a_local_bot_api_server(content: Content) -> None:
    settings = Settings(bot_token=TEST_TOKEN, telegram_base_url="http://127.0.0.1:8081/bot")

    app = build_application(settings, content, rate_limit=False)

    assert app.bot.base_url == f"http://127.0.0.1:8081/bot{TEST_TOKEN}"


def test_a_damaged_database_stops_the_bot_before_it_starts(tmp_path: Path) -> None:
    database = tmp_path / "hys.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)
    env = {
        "HYS_BOT_TOKEN": TEST_TOKEN,
        "HYS_OFFICER_CHAT_ID": "-100123",
        "HYS_OFFICER_IDS": "[1]",
        "HYS_DATABASE": str(database),
    }

    result = run_bot(env, "run")

    assert result.returncode == 1
    assert "database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
