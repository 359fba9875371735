"""Settings: the only reader of the environment (HYS_ variables), with plain one-line errors."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

ENV_PREFIX = "HYS_"

# httpx logs every request URL at INFO, and the URL holds the bot token.
NOISY_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING}
# PTB logs request parameters and aiosqlite logs SQL parameters (chat ids, message text) at
# DEBUG; never let them through.
QUIET_LOGGERS = {"telegram": logging.INFO, "apscheduler": logging.INFO, "aiosqlite": logging.INFO}


class ConfigError(Exception):
    """A setting is missing or wrong; the message names the variable in one plain line."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment. Defaults run the offline demo."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    bot_token: SecretStr | None = None
    officer_chat_id: int | None = None
    officer_ids: list[int] = []
    database: Path = Path("data/have-your-say.sqlite3")
    db_busy_timeout_ms: int = Field(default=5000, ge=0, le=60000)
    # PostgreSQL instead of the SQLite file (postgresql://user:password@host/database): for
    # several councils or several processes. A secret: it may hold a password.
    database_url: SecretStr | None = None
    # The council this service's rows belong to in a PostgreSQL database that several councils
    # share (each sees only its own rows); a short id, never changed once used.
    council: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    content_dir: Path = Path("content")
    # Several councils in one process: their councils.yaml (bot/councils.py). Unset: the one
    # council this environment describes.
    councils: Path | None = None
    timezone: str = "Europe/London"
    telegram_base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    # Several processes behind one webhook: every process's own address (in the same order
    # everywhere, e.g. ["http://10.0.0.1:8080", "http://10.0.0.2:8080"]) and which one this is.
    # Each person's updates are passed to the process that owns them (bot/telegram/routing.py).
    peers: list[str] = []
    peer_index: int | None = Field(default=None, ge=0)
    webhook_listen: str = "0.0.0.0"  # noqa: S104 -- the container's port is what is published
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Seconds a client may take to send a request's headers, and then its body.
    webhook_read_timeout: float = Field(default=10.0, gt=0, le=60)
    # The web chat: served on this address and port; its public https address (for links and
    # QR codes); the neutral page "Exit this page" goes to.
    web_listen: str = "127.0.0.1"
    web_port: int | None = Field(default=None, ge=1, le=65535)
    web_base_url: str | None = None
    web_exit_url: str = "https://www.bbc.co.uk/weather"
    # The proxies whose X-Forwarded-For says who a visitor is (for per-address limits only):
    # addresses or networks, comma-separated; "*" trusts any (only if nothing else can connect).
    web_proxies: str = "127.0.0.1"
    # The officer console: with a port, it is served only there (for example on the council's
    # internal network) and not beside the web chat.
    console_listen: str = "127.0.0.1"
    console_port: int | None = Field(default=None, ge=1, le=65535)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'"{value}" is not a time zone name like Europe/London') from None
        return value

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(
            ("postgresql://", "postgres://")
        ):
            # Never echo the value: it may hold a password.
            raise ValueError("must start with postgresql:// (a PostgreSQL connection URL)")
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            left, _, right = value.get_secret_value().partition(":")
            if not (left.isdigit() and len(right) >= 20):
                # Never echo the value: it is a secret even when it is wrong.
                raise ValueError("does not look like a token from BotFather (digits:letters)")
        return value

    @field_validator("telegram_base_url", "webhook_url", "web_base_url", "web_exit_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f'"{value}" should start with http:// or https://')
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()
        ):
            raise ValueError(
                "should be 16 to 256 letters, digits, _ or - (make a long random one)"
            )
        return value

    def require_for_webhook(self) -> None:
        self.require_for_run()
        if self.peers and (self.peer_index is None or self.peer_index >= len(self.peers)):
            raise ConfigError(
                f"{ENV_PREFIX}PEER_INDEX must say which of the {len(self.peers)} "
                f"{ENV_PREFIX}PEERS this process is (0 to {len(self.peers) - 1})"
            )
        if self.webhook_url is None or not self.webhook_url.startswith("https://"):
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_URL is not set; it must be an https:// address"
            )
        if self.webhook_secret is None:
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_SECRET is not set; make a long random one (letters, digits)"
            )

    @property
    def web_https(self) -> bool:
        """Served to the world over https (behind the council's proxy): cookies are Secure."""
        return bool(self.web_base_url and self.web_base_url.startswith("https://"))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_for_run(self) -> None:
        """The real bot needs a token and an officer chat; the demo needs neither."""
        if self.bot_token is None:
            raise ConfigError(f"{ENV_PREFIX}BOT_TOKEN is not set; get a token from @BotFather")
        if self.officer_chat_id is None:
            raise ConfigError(
                f"{ENV_PREFIX}OFFICER_CHAT_ID is not set; it is the id of the officers' group chat"
            )
        if not self.officer_ids:
            raise ConfigError(
                f"{ENV_PREFIX}OFFICER_IDS is not set; give the officers' Telegram ids as a "
                "JSON list, like [12345, 67890]"
            )


def load_settings(**overrides: Any) -> Settings:
    """Read the environment; turn any problem into one ConfigError line naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        name = ENV_PREFIX + str(first["loc"][0]).upper() if first["loc"] else ENV_PREFIX
        message = str(first.get("ctx", {}).get("error") or first["msg"])
        raise ConfigError(f"{name}: {_plain(message)}") from None
    except SettingsError as error:
        # pydantic-settings fails here when a list variable is not valid JSON.
        field = next((f for f in Settings.model_fields if f'"{f}"' in str(error)), "")
        name = ENV_PREFIX + field.upper() if field else "a HYS_ setting"
        raise ConfigError(f"{name}: should be a list like [12345, 67890]") from None


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ").replace("Input should be", "should be")


def quiet_noisy_loggers() -> None:
    for name, level in {**NOISY_LOGGERS, **QUIET_LOGGERS}.items():
        logging.getLogger(name).setLevel(level)
